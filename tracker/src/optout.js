/**
 * The JavaScript opt-out form (index.php?module=CoreAdminHome&action=optOutJS, js-tracker.md §3.3).
 * The server appends a call to render() with the settings of the request. The form uses the page's
 * tracker (_paq optUserOut / forgetUserOptOut) when there is one; otherwise, after
 * useCookiesTimeout seconds, it reads and writes the first-party consent cookies itself
 * (mtm_consent and mtm_consent_removed), exactly as the tracker would.
 */
import { formatCookie, readCookie, CONSENT_COOKIE_TIMEOUT } from './cookies.js';
import { CONSENT_COOKIE, CONSENT_REMOVED_COOKIE } from './consent.js';

/**
 * Whether the visitor is counted, from the consent cookies alone: no cookie means counted; a removed
 * consent wins over a given one.
 * @param {string} cookieHeader document.cookie
 */
export function countedFromCookies(cookieHeader) {
    return !readCookie(cookieHeader, CONSENT_REMOVED_COOKIE);
}

/**
 * @param {object} settings
 * @param {string} settings.divId
 * @param {boolean} settings.showIntro
 * @param {boolean} settings.useCookiesIfNoTracker
 * @param {number} settings.useCookiesTimeout seconds to wait for the tracker
 * @param {boolean} settings.useSecureCookies
 * @param {string} [settings.cookiePath]
 * @param {string} [settings.cookieDomain]
 * @param {string} [settings.cookieSameSite]
 * @param {string} settings.style CSS declarations for the form's element
 * @param {Object<string, string>} settings.text the form's sentences
 */
export function render(settings) {
    const win = window;
    const doc = document;
    const text = settings.text;
    let mode = '';

    const cookieOptions = () => ({
        path: settings.cookiePath || '/',
        domain: settings.cookieDomain || '',
        secure: !!settings.useSecureCookies && win.location.protocol === 'https:',
        sameSite: settings.cookieSameSite || 'Lax',
    });
    const setCookie = (name, value, ms) => {
        doc.cookie = formatCookie(name, value, Object.assign({ msToExpire: ms }, cookieOptions()));
    };

    function paragraph(content, error) {
        const p = doc.createElement('p');
        p.textContent = content;
        if (error) {
            p.style.cssText = 'color: red; font-weight: bold;';
        }
        return p;
    }

    function show(counted) {
        const div = doc.getElementById(settings.divId);
        if (!div) {
            return;
        }
        div.textContent = '';
        if (!win.navigator.cookieEnabled) {
            div.appendChild(paragraph(text.noCookies, true));
            return;
        }
        if (settings.useSecureCookies && win.location.protocol !== 'https:' && mode === 'cookies') {
            div.appendChild(paragraph(text.notHttps, true));
        }
        if (settings.showIntro) {
            div.appendChild(paragraph(counted ? text.introCounted : text.introOptedOut));
        }
        const input = doc.createElement('input');
        input.type = 'checkbox';
        input.id = settings.divId + '-checkbox';
        input.checked = counted;
        input.addEventListener('change', () => choose(input.checked));
        const label = doc.createElement('label');
        label.htmlFor = input.id;
        const strong = doc.createElement('strong');
        strong.textContent = counted ? text.labelCounted : text.labelOptedOut;
        label.appendChild(strong);
        div.appendChild(input);
        div.appendChild(label);
    }

    function choose(counted) {
        if (mode === 'tracker') {
            win._paq.push([counted ? 'forgetUserOptOut' : 'optUserOut']);
        } else if (counted) {
            setCookie(CONSENT_REMOVED_COOKIE, '', -86400000);
            setCookie(CONSENT_COOKIE, String(Date.now()), CONSENT_COOKIE_TIMEOUT);
        } else {
            setCookie(CONSENT_COOKIE, '', -86400000);
            setCookie(CONSENT_REMOVED_COOKIE, String(Date.now()), CONSENT_COOKIE_TIMEOUT);
        }
        show(counted);
    }

    function useTracker() {
        win._paq.push([function () {
            if (mode) {
                return;
            }
            mode = 'tracker';
            if (settings.cookieDomain) {
                this.setCookieDomain(settings.cookieDomain);
            }
            if (settings.cookiePath) {
                this.setCookiePath(settings.cookiePath);
            }
            show(!this.isUserOptedOut());
        }]);
    }

    function useCookies() {
        if (mode) {
            return;
        }
        mode = 'cookies';
        show(countedFromCookies(doc.cookie));
    }

    function start() {
        if (!doc.getElementById(settings.divId)) {
            const warning = doc.createElement('div');
            warning.id = settings.divId + '-warning';
            warning.appendChild(paragraph(text.noDiv, true));
            doc.body.insertBefore(warning, doc.body.firstChild);
            return;
        }
        doc.getElementById(settings.divId).style.cssText += settings.style;
        const deadline = Date.now() + Math.max(0, settings.useCookiesTimeout) * 1000;
        const look = () => {
            if (win._paq && typeof win._paq.push === 'function') {
                useTracker();
            } else if (Date.now() < deadline) {
                setTimeout(look, 250);
            }
        };
        look();
        if (settings.useCookiesIfNoTracker) {
            setTimeout(useCookies, deadline - Date.now());
        }
    }

    if (doc.readyState === 'loading') {
        doc.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}
