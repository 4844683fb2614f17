import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
    classifyLink, DEFAULT_DOWNLOAD_EXTENSIONS, domainFixup, hostName, isSameHost, isSitePath, listOption, matchesAlias,
    pathName, removeUrlParameters, setUrlParameter, urlParameter,
} from '../src/urls.js';

const config = {
    domains: ['shop.example.org'],
    ignoreClasses: [],
    linkClasses: [],
    downloadClasses: [],
    downloadExtensions: DEFAULT_DOWNLOAD_EXTENSIONS,
    trackerUrl: 'https://stats.example.net/matomo.php',
};
const link = (href, className = '', hasDownloadAttribute = false) => ({ href, className, hasDownloadAttribute });

test('host and path of URLs', () => {
    assert.equal(hostName('https://User:pw@Shop.Example.ORG:8443/a/b?c#d'), 'shop.example.org');
    assert.equal(hostName('//cdn.example.org/x.js'), 'cdn.example.org');
    assert.equal(hostName('/relative/path'), '');
    assert.equal(hostName('http://[::1]:8080/'), '[::1]');
    assert.equal(pathName('https://example.org/a/b?c=1#d'), '/a/b');
    assert.equal(pathName('https://example.org'), '/');
    assert.equal(pathName('https://example.org?x=1'), '/');
    assert.equal(pathName('example.org/shop'), '/shop');
});

test('setDomains entries: wildcards, trailing dots and paths', () => {
    assert.equal(domainFixup('*.example.org'), '.example.org');
    assert.equal(domainFixup('example.org.'), 'example.org');
    assert.equal(domainFixup('example.org/shop'), 'example.org');
    assert.ok(isSameHost('example.org', '.example.org'));
    assert.ok(isSameHost('www.EXAMPLE.org', '.example.org'));
    assert.ok(!isSameHost('badexample.org', '.example.org'));
    assert.ok(!isSameHost('www.example.org', 'example.org'));
    assert.ok(isSitePath('/shop/cart', '/shop'));
    assert.ok(isSitePath('/shop', '/shop/'));
    assert.ok(!isSitePath('/shopping', '/shop'));
    assert.ok(isSitePath('/anything', '/'));
    assert.ok(matchesAlias(['*.example.org'], 'blog.example.org', '/x'));
    assert.ok(matchesAlias(['example.com/shop'], 'example.com', '/shop/item'));
    assert.ok(!matchesAlias(['example.com/shop'], 'example.com', '/blog'));
    assert.ok(matchesAlias(['example.com/shop'], 'example.com'), 'host-only comparison ignores the path');
});

test('query parameters are read from the query and the fragment, removed and set', () => {
    assert.equal(urlParameter('https://e.org/?a=1&pk_campaign=Spring+Sale%21', 'pk_campaign'), 'Spring Sale!');
    assert.equal(urlParameter('https://e.org/#mtm_campaign=news', 'mtm_campaign'), 'news');
    assert.equal(urlParameter('https://e.org/?xpk_campaign=1', 'pk_campaign'), '');
    assert.equal(urlParameter('https://e.org/?q=%E0%A4', 'q'), '%E0%A4', 'a broken escape is kept as it is');
    assert.equal(removeUrlParameters('https://e.org/p?a=1&pk_vid=abc&b=2#top', ['pk_vid']), 'https://e.org/p?a=1&b=2#top');
    assert.equal(removeUrlParameters('https://e.org/p?pk_vid=abc', ['pk_vid']), 'https://e.org/p');
    assert.equal(setUrlParameter('https://e.org/p#x', 'pk_vid', 'v 1'), 'https://e.org/p?pk_vid=v%201#x');
    assert.equal(setUrlParameter('https://e.org/p?a=1&pk_vid=old', 'pk_vid', 'new'), 'https://e.org/p?a=1&pk_vid=new');
});

test('links to other hosts are outlinks; links to the site are not tracked', () => {
    assert.equal(classifyLink(link('https://partner.example.com/page'), config), 'link');
    assert.equal(classifyLink(link('https://shop.example.org/about'), config), '');
    assert.equal(classifyLink(link('https://SHOP.example.org/about'.toLowerCase()), config), '');
    assert.equal(classifyLink(link('mailto:someone@example.org'), config), '');
    assert.equal(classifyLink(link('tel:+331234'), config), '');
    assert.equal(classifyLink(link('javascript:void(0)'), config), '');
    assert.equal(classifyLink(link('https://stats.example.net/matomo.php?idsite=1'), config), '', 'the tracker itself');
    const aliases = { ...config, domains: ['shop.example.org', '*.example.com'] };
    assert.equal(classifyLink(link('https://www.example.com/x'), aliases), '', 'a setDomains alias is internal');
    const pathed = { ...config, domains: ['shop.example.org/store'] };
    assert.equal(classifyLink(link('https://shop.example.org/blog'), pathed), 'link', 'same host, other path: outlink');
    assert.equal(classifyLink(link('https://shop.example.org/store/1'), pathed), '');
});

test('downloads by extension (case-insensitive, before ?, & or #), download attribute or class', () => {
    assert.equal(classifyLink(link('https://shop.example.org/files/guide.PDF'), config), 'download');
    assert.equal(classifyLink(link('https://shop.example.org/files/data.csv?v=2'), config), 'download');
    assert.equal(classifyLink(link('https://shop.example.org/a.zip#part'), config), 'download');
    assert.equal(classifyLink(link('https://other.example.com/setup.exe'), config), 'download', 'external files are downloads too');
    assert.equal(classifyLink(link('https://shop.example.org/pdf-guide'), config), '', 'an extension must follow a dot');
    assert.equal(classifyLink(link('https://shop.example.org/guide.pdfx'), config), '');
    assert.equal(classifyLink(link('https://shop.example.org/export', '', true), config), 'download');
    assert.equal(classifyLink(link('https://shop.example.org/export', 'btn matomo_download'), config), 'download');
    assert.equal(classifyLink(link('https://shop.example.org/export', 'piwik-download'), config), 'download');
    const custom = { ...config, downloadClasses: ['get-file'], downloadExtensions: ['dat'] };
    assert.equal(classifyLink(link('https://shop.example.org/x', 'get-file'), custom), 'download');
    assert.equal(classifyLink(link('https://shop.example.org/x.dat'), custom), 'download');
    assert.equal(classifyLink(link('https://shop.example.org/x.pdf'), custom), '', 'setDownloadExtensions replaces the list');
});

test('link and ignore classes', () => {
    assert.equal(classifyLink(link('https://shop.example.org/about', 'matomo_link'), config), 'link', 'forced outlink');
    assert.equal(classifyLink(link('https://shop.example.org/guide.pdf', 'piwik_link'), config), 'link', 'link class wins over extension');
    assert.equal(classifyLink(link('https://partner.example.com/', 'nav matomo_ignore'), config), '');
    assert.equal(classifyLink(link('https://partner.example.com/', 'piwik_ignore'), config), '');
    assert.equal(classifyLink(link('https://partner.example.com/', 'matomo_ignored'), config), 'link', 'whole class names only');
    const custom = { ...config, ignoreClasses: ['no-track'], linkClasses: ['ext.link'] };
    assert.equal(classifyLink(link('https://partner.example.com/', 'no-track'), custom), '');
    assert.equal(classifyLink(link('https://shop.example.org/', 'ext.link'), custom), 'link');
    assert.equal(classifyLink(link('https://shop.example.org/', 'extXlink'), custom), '', 'custom classes are literal');
});

test('list options accept arrays and |-separated strings', () => {
    assert.deepEqual(listOption('pdf|zip'), ['pdf', 'zip']);
    assert.deepEqual(listOption(['a', 1]), ['a', '1']);
    assert.deepEqual(listOption(''), []);
});

test('the download pattern reads the whole address, as Matomo does; script schemes in any case are ignored', () => {
    // A file name in the query ends the address with an extension: a download.
    assert.equal(classifyLink(link('https://shop.example.org/get?file=report.pdf'), config), 'download');
    assert.equal(classifyLink(link('https://shop.example.org/get?file=report.pdf&v=1'), config), 'download');
    // The extension must end the path or precede ?, & or #: a dot inside a folder name is not one.
    assert.equal(classifyLink(link('https://shop.example.org/v1.zip/readme'), config), '');
    assert.equal(classifyLink(link('JavaScript:alert(1)'), config), '');
    assert.equal(classifyLink(link('MAILTO:sales@example.org'), config), '');
    assert.equal(classifyLink(link(''), config), '');
    // Another port of the site's host is the same host.
    assert.equal(classifyLink(link('https://shop.example.org:8443/about'), config), '');
});
