/**
 * Building the query strings of tracking requests (js-tracker.md §2, §3.1, tracking-api.md §2):
 * the action parameters of each tracking call, the parameters every request carries, ecommerce
 * items, custom variables and bulk bodies. Pure functions, unit-tested without a browser.
 */

/** Longest custom variable name or value (longer ones are cut, as the server would). */
export const CUSTOM_VARIABLE_MAX_LENGTH = 200;
/** Requests longer than this go by POST instead of GET. */
export const MAX_GET_LENGTH = 2000;
/** Requests per bulk request. */
export const BULK_CHUNK_SIZE = 50;

/** @param {*} value */
export function hasValue(value) {
    return (typeof value === 'number' && !isNaN(value)) || (typeof value === 'string' && value.length > 0);
}

/**
 * A query string from [name, value] pairs; pairs with an undefined or null value are left out.
 * @param {Array<[string, *]>} pairs
 */
export function query(pairs) {
    const parts = [];
    for (const [name, value] of pairs) {
        if (value !== undefined && value !== null) {
            parts.push(encodeURIComponent(name) + '=' + encodeURIComponent(String(value)));
        }
    }
    return parts.join('&');
}

/**
 * A number as the server reads it: numbers as they are, strings with a decimal comma fixed.
 * @param {*} value
 */
export function decimal(value) {
    return typeof value === 'number' ? String(value) : String(value).trim().replace(',', '.');
}

/** @param {*} value */
function isNumeric(value) {
    return hasValue(value) && isFinite(Number(decimal(value)));
}

/**
 * A page view id: 6 characters of [0-9a-zA-Z].
 * @param {() => number} [random]
 */
export function pageViewId(random) {
    const next = random || Math.random;
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let id = '';
    for (let i = 0; i < 6; i++) {
        id += alphabet.charAt(Math.floor(next() * alphabet.length));
    }
    return id;
}

/**
 * The event parameters, or null when category or action is empty (the event is then not sent).
 * @returns {string|null}
 */
export function eventParameters(category, action, name, value) {
    const c = String(category === undefined || category === null ? '' : category).trim();
    const a = String(action === undefined || action === null ? '' : action).trim();
    if (!c || !a) {
        return null;
    }
    return query([
        ['e_c', c],
        ['e_a', a],
        ['e_n', hasValue(name) ? name : undefined],
        ['e_v', isNumeric(value) ? decimal(value) : undefined],
        ['ca', 1],
    ]);
}

/** The site search parameters; the count only when given. */
export function siteSearchParameters(keyword, category, resultsCount) {
    return query([
        ['search', keyword],
        ['search_cat', hasValue(category) ? category : undefined],
        ['search_count', isNumeric(resultsCount) ? parseInt(decimal(resultsCount), 10) : undefined],
    ]);
}

/** The goal parameters; the revenue only when truthy. */
export function goalParameters(idGoal, revenue) {
    return query([
        ['idgoal', idGoal],
        ['revenue', revenue ? decimal(revenue) : undefined],
    ]);
}

/** A content impression: name, piece ('Unknown' when empty), target when given, ca=1. */
export function contentImpressionParameters(name, piece, target) {
    return query([
        ['c_n', name],
        ['c_p', hasValue(piece) ? piece : 'Unknown'],
        ['c_t', hasValue(target) ? target : undefined],
        ['ca', 1],
    ]);
}

/** A content interaction: interaction, name, piece and target when given, ca=1. */
export function contentInteractionParameters(interaction, name, piece, target) {
    return query([
        ['c_i', interaction],
        ['c_n', name],
        ['c_p', hasValue(piece) ? piece : undefined],
        ['c_t', hasValue(target) ? target : undefined],
        ['ca', 1],
    ]);
}

/**
 * One cart item as the server reads it: [sku, name, category, price, quantity] with name and
 * category '' when missing, price 0 and quantity 1 (js-tracker.md §3.1).
 * @param {Array} item [sku, name, category, price, quantity] as given to addEcommerceItem
 */
export function ecommerceItem(item) {
    const [sku, name, category, price, quantity] = item;
    const priceValue = isNumeric(price) ? Number(decimal(price)) : 0;
    const quantityValue = isNumeric(quantity) ? parseInt(decimal(quantity), 10) : 1;
    return [
        String(sku),
        hasValue(name) ? String(name) : '',
        Array.isArray(category) ? category.map(String) : hasValue(category) ? String(category) : '',
        priceValue,
        isNaN(quantityValue) ? 1 : quantityValue,
    ];
}

/**
 * The parameters of an order (orderId given) or of a cart update (orderId empty).
 * @param {object} order
 * @param {string} [order.orderId]
 * @param {*} order.grandTotal
 * @param {*} [order.subTotal]
 * @param {*} [order.tax]
 * @param {*} [order.shipping]
 * @param {*} [order.discount]
 * @param {Array[]} order.items the cart, as added
 */
export function ecommerceParameters(order) {
    const optional = (value) => (hasValue(value) ? decimal(value) : undefined);
    const items = order.items.map(ecommerceItem);
    return query([
        ['idgoal', 0],
        ['ec_id', hasValue(order.orderId) ? order.orderId : undefined],
        ['revenue', decimal(order.grandTotal)],
        ['ec_st', optional(order.subTotal)],
        ['ec_tx', optional(order.tax)],
        ['ec_sh', optional(order.shipping)],
        ['ec_dt', optional(order.discount)],
        ['ec_items', items.length ? JSON.stringify(items) : undefined],
    ]);
}

/**
 * The product or category page parameters of setEcommerceView, sent with the next page view:
 * _pkc (a category list is sent as JSON), _pkp when a price is given, and on a product page
 * (sku or name given) _pks and _pkn.
 * @returns {Array<[string, *]>}
 */
export function ecommerceViewPairs(sku, name, category, price) {
    let categoryValue = '';
    if (Array.isArray(category)) {
        categoryValue = JSON.stringify(category);
    } else if (hasValue(category)) {
        categoryValue = String(category);
    }
    const pairs = [['_pkc', categoryValue]];
    if (price !== undefined && price !== null && price !== false && String(price).length) {
        pairs.push(['_pkp', price]);
    }
    if (!hasValue(sku) && !hasValue(name)) {
        return pairs;
    }
    if (hasValue(sku)) {
        pairs.push(['_pks', sku]);
    }
    pairs.push(['_pkn', hasValue(name) ? name : '']);
    return pairs;
}

/**
 * Custom variables of one scope as the server reads them: {"1": ["name", "value"], ...}; null when none.
 * @param {Object<string, [string, string]>} variables by slot index
 * @returns {string|null}
 */
export function customVariablesJson(variables) {
    const result = {};
    let any = false;
    for (const index of Object.keys(variables)) {
        const variable = variables[index];
        if (variable) {
            result[index] = [
                String(variable[0]).slice(0, CUSTOM_VARIABLE_MAX_LENGTH),
                String(variable[1]).slice(0, CUSTOM_VARIABLE_MAX_LENGTH),
            ];
            any = true;
        }
    }
    return any ? JSON.stringify(result) : null;
}

/**
 * Splits per-call custom data into custom dimensions (dimensionN keys) and the rest (sent as data).
 * @param {object|undefined|null} customData
 * @returns {{dimensions: Array<[string, string]>, data: object|null}}
 */
export function splitCustomData(customData) {
    const dimensions = [];
    let data = null;
    if (customData && typeof customData === 'object') {
        for (const key of Object.keys(customData)) {
            if (/^dimension\d+$/.test(key)) {
                dimensions.push([key, String(customData[key])]);
            } else {
                (data = data || {})[key] = customData[key];
            }
        }
    }
    return { dimensions, data };
}

/**
 * The page performance parameters from Navigation Timing (level 2 entry or level 1 timing object);
 * '' when a value is missing or negative (browser bugs), as then the timings are not trusted.
 * @param {object|undefined} timing
 */
export function performanceParameters(timing) {
    if (!timing) {
        return '';
    }
    const t = (name) => Number(timing[name]) || 0;
    const domStart = timing.domLoading ? t('domLoading') : t('responseEnd');
    const values = [
        ['pf_net', t('connectEnd') - t('fetchStart'), t('fetchStart') > 0 || t('connectEnd') > 0],
        ['pf_srv', t('responseStart') - t('requestStart'), t('requestStart') > 0],
        ['pf_tfr', t('responseEnd') - t('responseStart'), t('responseStart') > 0],
        ['pf_dm1', t('domInteractive') - domStart, domStart > 0 && t('domInteractive') > 0],
        ['pf_dm2', t('domComplete') - t('domInteractive'), t('domComplete') > 0],
        ['pf_onl', t('loadEventEnd') - t('loadEventStart'), t('loadEventEnd') > 0],
    ];
    const pairs = [];
    for (const [name, value, available] of values) {
        if (!available) {
            continue;
        }
        if (value < 0) {
            return '';
        }
        pairs.push([name, Math.round(value)]);
    }
    return query(pairs);
}

/**
 * The performance parameters given by setPagePerformanceTiming: only non-negative integers are kept.
 * @returns {string}
 */
export function customPerformanceParameters(network, server, transfer, domProcessing, domCompletion, onload) {
    const names = ['pf_net', 'pf_srv', 'pf_tfr', 'pf_dm1', 'pf_dm2', 'pf_onl'];
    const values = [network, server, transfer, domProcessing, domCompletion, onload];
    const pairs = [];
    values.forEach((value, i) => {
        const number = Number(value);
        if (value !== undefined && value !== null && value !== '' && Number.isInteger(number) && number >= 0) {
            pairs.push([names[i], number]);
        }
    });
    return query(pairs);
}

/**
 * Bulk bodies for requests (query strings without '?'), 50 per body (js-tracker.md §6).
 * @param {string[]} requests
 * @returns {string[]}
 */
export function bulkBodies(requests) {
    const bodies = [];
    for (let i = 0; i < requests.length; i += BULK_CHUNK_SIZE) {
        const chunk = requests.slice(i, i + BULK_CHUNK_SIZE).map((request) => '?' + request);
        bodies.push(JSON.stringify({ requests: chunk, send_image: 0 }));
    }
    return bodies;
}

/**
 * How a single request is sent: 'beacon' when sendBeacon is wanted and available, otherwise
 * 'post' (XHR) when POST is configured or the request is too long for a GET, else 'get' (image).
 * @param {object} options
 * @param {number} options.length length of the query string
 * @param {boolean} options.useBeacon alwaysUseSendBeacon and the method is not GET
 * @param {boolean} options.beaconAvailable navigator.sendBeacon exists
 * @param {string} options.method 'GET' or 'POST'
 * @returns {'beacon'|'post'|'get'}
 */
export function transportFor(options) {
    if (options.useBeacon && options.beaconAvailable) {
        return 'beacon';
    }
    return options.method === 'POST' || options.length > MAX_GET_LENGTH ? 'post' : 'get';
}
