/**
 * Content blocks in the DOM (js-tracker.md §3.1): blocks are marked with data-track-content or the
 * class matomoTrackContent (piwikTrackContent); their name, piece and target come from the
 * data-content-* attributes or are derived from the markup (a media source, a link's href, a title).
 */

const CONTENT_ATTR = 'data-track-content';
const NAME_ATTR = 'data-content-name';
const PIECE_ATTR = 'data-content-piece';
const TARGET_ATTR = 'data-content-target';
const IGNORE_ATTR = 'data-content-ignoreinteraction';
const CLASSES = {
    block: ['matomoTrackContent', 'piwikTrackContent'],
    piece: ['matomoContentPiece', 'piwikContentPiece'],
    target: ['matomoContentTarget', 'piwikContentTarget'],
    ignore: ['matomoContentIgnoreInteraction', 'piwikContentIgnoreInteraction'],
};

/** @param {Element} node @param {string[]} classes */
function hasClass(node, classes) {
    return !!node && !!node.classList && classes.some((name) => node.classList.contains(name));
}

/** @param {Element} node @param {string} name */
function attribute(node, name) {
    return node && node.getAttribute ? node.getAttribute(name) : null;
}

/** @param {Element} node @param {string} name */
function hasAttribute(node, name) {
    return !!node && !!node.hasAttribute && node.hasAttribute(name);
}

/** @param {Element} node @param {string} name */
function hasAttributeValue(node, name) {
    const value = attribute(node, name);
    return value !== null && value !== '';
}

/** The node itself or its first descendant matching the selector. */
function selfOrFirst(node, selector) {
    if (!node || !node.matches) {
        return null;
    }
    return node.matches(selector) ? node : node.querySelector(selector);
}

/** @param {string[]} classes */
function classSelector(classes) {
    return classes.map((name) => '.' + name).join(',');
}

/** Every content block under root (root included), without duplicates, in document order. */
export function findContentBlocks(root) {
    if (!root || !root.querySelectorAll) {
        return [];
    }
    const selector = '[' + CONTENT_ATTR + '],' + classSelector(CLASSES.block);
    const nodes = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) {
        nodes.unshift(root);
    }
    return nodes;
}

/** The content block that contains node (node included), if any. */
export function findParentContentBlock(node) {
    let current = node;
    while (current && current.nodeType === 1) {
        if (hasAttribute(current, CONTENT_ATTR) || hasClass(current, CLASSES.block)) {
            return current;
        }
        current = current.parentNode;
    }
    return null;
}

/** The node that holds the content piece: marked with data-content-piece or the piece class, else the block. */
export function findPieceNode(block) {
    return selfOrFirst(block, '[' + PIECE_ATTR + ']') || selfOrFirst(block, classSelector(CLASSES.piece)) || block;
}

/** The node marked as target, if any. */
export function findTargetNodeNoDefault(block) {
    return selfOrFirst(block, '[' + TARGET_ATTR + ']:not([' + TARGET_ATTR + '=""])')
        || selfOrFirst(block, '[' + TARGET_ATTR + ']')
        || selfOrFirst(block, classSelector(CLASSES.target));
}

/** The target node: the marked one, else the block. */
export function findTargetNode(block) {
    return findTargetNodeNoDefault(block) || block;
}

/** The URL of a media element: img/embed/video/audio src (or a source child's), object data or movie param. */
export function mediaUrl(node) {
    if (!node || !node.nodeName) {
        return undefined;
    }
    const tag = node.nodeName.toLowerCase();
    if (['img', 'embed', 'video', 'audio'].indexOf(tag) >= 0) {
        const source = selfOrFirst(node, '[src]:not([src=""])');
        if (source) {
            return attribute(source, 'src');
        }
    }
    if (tag === 'object') {
        if (hasAttributeValue(node, 'data')) {
            return attribute(node, 'data');
        }
        const params = node.querySelectorAll('param');
        for (let i = 0; i < params.length; i++) {
            if (attribute(params[i], 'name') === 'movie' && hasAttributeValue(params[i], 'value')) {
                return attribute(params[i], 'value');
            }
        }
        const embed = node.querySelector('embed');
        if (embed) {
            return mediaUrl(embed);
        }
    }
    return undefined;
}

/**
 * An absolute URL for a URL found in the markup, resolved against the page location.
 * @param {string} url
 * @param {{href: string}} location
 */
export function toAbsoluteUrl(url, location) {
    if (typeof url !== 'string') {
        return url;
    }
    if (/^[a-zA-Z][a-zA-Z0-9+.-]{1,10}:/.test(url) && !/^[a-zA-Z]:\\/.test(url)) {
        return url;
    }
    try {
        return new URL(url, location.href).href;
    } catch (e) {
        return url;
    }
}

/**
 * The URL without scheme and host when it points to the page's own origin (content names of
 * same-site media read as paths).
 */
export function removeDomainIfSameOrigin(text, location) {
    if (typeof text === 'string' && /^https?:\/\/[^/]+/.test(text)) {
        try {
            const url = new URL(text);
            if (url.host === new URL(location.href).host) {
                return text.replace(/^.*?\/\/[^/]+/, '') || '/';
            }
        } catch (e) {
            return text;
        }
    }
    return text;
}

/** The content piece: data-content-piece's value, else the absolute URL of the piece node's media. */
export function contentPiece(block, location) {
    const named = selfOrFirst(block, '[' + PIECE_ATTR + ']:not([' + PIECE_ATTR + '=""])');
    if (named) {
        return attribute(named, PIECE_ATTR);
    }
    const media = mediaUrl(findPieceNode(block));
    return media ? toAbsoluteUrl(media, location) : undefined;
}

/** The content name: data-content-name, else the piece (same-origin URLs as paths), else a title attribute. */
export function contentName(block, location) {
    const named = selfOrFirst(block, '[' + NAME_ATTR + ']:not([' + NAME_ATTR + '=""])');
    if (named) {
        return attribute(named, NAME_ATTR);
    }
    const piece = contentPiece(block, location);
    if (piece) {
        return removeDomainIfSameOrigin(piece, location);
    }
    for (const node of [block, findPieceNode(block), findTargetNode(block)]) {
        if (hasAttributeValue(node, 'title')) {
            return attribute(node, 'title');
        }
    }
    return undefined;
}

/** The content target: data-content-target's value, else the target node's href, else the piece node's href. */
export function contentTarget(block, location) {
    const target = findTargetNode(block);
    if (hasAttributeValue(target, TARGET_ATTR)) {
        return attribute(target, TARGET_ATTR);
    }
    for (const node of [target, findPieceNode(block)]) {
        if (hasAttributeValue(node, 'href')) {
            return toAbsoluteUrl(attribute(node, 'href'), location);
        }
    }
    return undefined;
}

/**
 * A block's name, piece and target, trimmed; name and piece default to 'Unknown', target to ''.
 * @returns {{name: string, piece: string, target: string}}
 */
export function contentBlock(block, location) {
    const trim = (value) => (typeof value === 'string' ? value.trim() : '');
    return {
        name: trim(contentName(block, location)) || 'Unknown',
        piece: trim(contentPiece(block, location)) || 'Unknown',
        target: trim(contentTarget(block, location)) || '',
    };
}

/** Whether clicks on the block's target are not interactions. */
export function ignoresInteraction(targetNode) {
    return hasAttribute(targetNode, IGNORE_ATTR) || hasClass(targetNode, CLASSES.ignore);
}

/**
 * Whether a node is visible: rendered (not display:none / visibility:hidden / opacity 0 on itself
 * or an ancestor) and inside, or scrolled past above, the viewport.
 * @param {Element} node
 * @param {Window} win
 */
export function isVisible(node, win) {
    if (!node || !node.getBoundingClientRect) {
        return true;
    }
    for (let current = node; current && current.nodeType === 1; current = current.parentNode) {
        const style = win.getComputedStyle(current);
        if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') {
            return false;
        }
    }
    const rect = node.getBoundingClientRect();
    if (!rect.width && !rect.height && !node.offsetParent && node !== win.document.body) {
        return false;
    }
    const html = win.document.documentElement;
    const width = Math.min(html.clientWidth || win.innerWidth, win.innerWidth || html.clientWidth);
    const height = Math.min(html.clientHeight || win.innerHeight, win.innerHeight || html.clientHeight);
    const passed = rect.top < 0 && rect.bottom <= 0;
    return (rect.bottom > 0 || passed) && rect.right > 0 && rect.left < width && (rect.top < height || passed);
}
