import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
    bulkBodies, contentImpressionParameters, contentInteractionParameters, customPerformanceParameters, customVariablesJson,
    ecommerceItem, ecommerceParameters, ecommerceViewPairs, eventParameters, goalParameters, pageViewId, performanceParameters,
    query, siteSearchParameters, splitCustomData, transportFor,
} from '../src/requests.js';

const decode = (text) => Object.fromEntries(new URLSearchParams(text));

test('query strings encode names and values and skip missing values', () => {
    assert.equal(query([['a', 'x y&z'], ['b', undefined], ['c', null], ['d', 0], ['e', '']]), 'a=x%20y%26z&d=0&e=');
});

test('events need a category and an action; name and value are optional', () => {
    assert.equal(eventParameters('Video', 'Play'), 'e_c=Video&e_a=Play&ca=1');
    assert.deepEqual(decode(eventParameters(' Video ', 'Play', 'Intro', 12.5)), { e_c: 'Video', e_a: 'Play', e_n: 'Intro', e_v: '12.5', ca: '1' });
    assert.equal(decode(eventParameters('V', 'P', undefined, '3,5')).e_v, '3.5');
    assert.equal(decode(eventParameters('V', 'P', 'n', 'abc')).e_v, undefined, 'a non-numeric value is not sent');
    assert.equal(eventParameters('', 'Play'), null);
    assert.equal(eventParameters('Video', '   '), null);
    assert.equal(eventParameters(undefined, 'Play'), null);
});

test('site search, goals and content parameters', () => {
    assert.deepEqual(decode(siteSearchParameters('green tea', 'Drinks', 3)), { search: 'green tea', search_cat: 'Drinks', search_count: '3' });
    assert.deepEqual(decode(siteSearchParameters('tea', undefined, 0)), { search: 'tea', search_count: '0' }, 'zero results is a count');
    assert.deepEqual(decode(siteSearchParameters('tea')), { search: 'tea' });
    assert.deepEqual(decode(goalParameters(3, 19.9)), { idgoal: '3', revenue: '19.9' });
    assert.deepEqual(decode(goalParameters(3)), { idgoal: '3' });
    assert.deepEqual(decode(goalParameters(3, 0)), { idgoal: '3' }, 'revenue only if truthy');
    assert.deepEqual(decode(contentImpressionParameters('Banner', '', 'https://e.org/sale')), { c_n: 'Banner', c_p: 'Unknown', c_t: 'https://e.org/sale', ca: '1' });
    assert.deepEqual(decode(contentInteractionParameters('click', 'Banner', 'img.png')), { c_i: 'click', c_n: 'Banner', c_p: 'img.png', ca: '1' });
});

test('ecommerce items get default name, category, price and quantity', () => {
    assert.deepEqual(ecommerceItem(['SKU1']), ['SKU1', '', '', 0, 1]);
    assert.deepEqual(ecommerceItem([42, 'Shirt', ['Clothes', 'Men'], '25.5', '2']), ['42', 'Shirt', ['Clothes', 'Men'], 25.5, 2]);
    assert.deepEqual(ecommerceItem(['S', 'N', 'C', 'free', 'many']), ['S', 'N', 'C', 0, 1]);
});

test('an order sends idgoal=0, the order id, totals and the items as JSON; a cart update has no order id', () => {
    const order = decode(ecommerceParameters({
        orderId: 'A100', grandTotal: 59.9, subTotal: 50, tax: 9.9, shipping: 0, discount: undefined,
        items: [['SKU1', 'Shirt', 'Clothes', 25, 2]],
    }));
    assert.deepEqual(order, {
        idgoal: '0', ec_id: 'A100', revenue: '59.9', ec_st: '50', ec_tx: '9.9', ec_sh: '0', ec_items: '[["SKU1","Shirt","Clothes",25,2]]',
    });
    const cart = decode(ecommerceParameters({ grandTotal: '30', items: [['SKU2', 'Mug', '', 10, 3]] }));
    assert.deepEqual(cart, { idgoal: '0', revenue: '30', ec_items: '[["SKU2","Mug","",10,3]]' });
});

test('product and category views (setEcommerceView)', () => {
    assert.deepEqual(ecommerceViewPairs('SKU1', 'Shirt', 'Clothes', 25), [['_pkc', 'Clothes'], ['_pkp', 25], ['_pks', 'SKU1'], ['_pkn', 'Shirt']]);
    assert.deepEqual(ecommerceViewPairs(false, false, ['Clothes', 'Men']), [['_pkc', '["Clothes","Men"]']], 'category page');
    assert.deepEqual(ecommerceViewPairs('SKU1'), [['_pkc', ''], ['_pks', 'SKU1'], ['_pkn', '']]);
});

test('custom variables as {"slot": [name, value]}, cut at 200 characters', () => {
    assert.equal(customVariablesJson({}), null);
    assert.equal(customVariablesJson({ 1: ['Gender', 'Male'], 3: ['A', 'B'] }), '{"1":["Gender","Male"],"3":["A","B"]}');
    assert.equal(JSON.parse(customVariablesJson({ 2: ['n', 'v'.repeat(300)] }))[2][1].length, 200);
});

test('custom data: dimensionN keys become dimensions, the rest is data', () => {
    assert.deepEqual(splitCustomData({ dimension2: 'blue', dimension10: 7, theme: 'dark' }), {
        dimensions: [['dimension2', 'blue'], ['dimension10', '7']],
        data: { theme: 'dark' },
    });
    assert.deepEqual(splitCustomData(undefined), { dimensions: [], data: null });
});

test('page performance from Navigation Timing; any negative duration drops them all', () => {
    const timing = {
        fetchStart: 10, connectEnd: 40, requestStart: 45, responseStart: 145, responseEnd: 175,
        domInteractive: 375, domComplete: 575, loadEventStart: 580, loadEventEnd: 600,
    };
    assert.deepEqual(decode(performanceParameters(timing)), { pf_net: '30', pf_srv: '100', pf_tfr: '30', pf_dm1: '200', pf_dm2: '200', pf_onl: '20' });
    assert.equal(decode(performanceParameters({ ...timing, domLoading: 275 })).pf_dm1, '100', 'domLoading when the browser has it');
    assert.equal(decode(performanceParameters({ ...timing, loadEventEnd: 0, loadEventStart: 0 })).pf_onl, undefined, 'not loaded yet');
    assert.equal(performanceParameters({ ...timing, responseStart: 20 }), '');
    assert.equal(performanceParameters(undefined), '');
    assert.deepEqual(decode(customPerformanceParameters(1, 2, 3, 4, 5, 6)), { pf_net: '1', pf_srv: '2', pf_tfr: '3', pf_dm1: '4', pf_dm2: '5', pf_onl: '6' });
    assert.deepEqual(decode(customPerformanceParameters(10, undefined, -1, 2.5, '7')), { pf_net: '10', pf_dm2: '7' });
});

test('bulk bodies hold 50 requests each, every one starting with ?', () => {
    const requests = Array.from({ length: 120 }, (_, i) => 'idsite=1&e_c=c&e_a=' + i);
    const bodies = bulkBodies(requests);
    assert.equal(bodies.length, 3);
    const first = JSON.parse(bodies[0]);
    assert.equal(first.requests.length, 50);
    assert.equal(first.requests[0], '?idsite=1&e_c=c&e_a=0');
    assert.equal(first.send_image, 0);
    assert.equal(JSON.parse(bodies[2]).requests.length, 20);
});

test('transport: beacon when wanted and available, else POST for long or POST-configured requests, else image GET', () => {
    const base = { length: 100, useBeacon: true, beaconAvailable: true, method: 'GET' };
    assert.equal(transportFor(base), 'beacon');
    assert.equal(transportFor({ ...base, beaconAvailable: false }), 'get');
    assert.equal(transportFor({ ...base, beaconAvailable: false, length: 2001 }), 'post');
    assert.equal(transportFor({ ...base, useBeacon: false, method: 'POST' }), 'post');
});

test('page view ids are 6 alphanumeric characters', () => {
    let i = 0;
    const sequence = [0, 0.99, 0.5, 0.25, 0.75, 0.1];
    // 62 symbols: 0 -> '0', 0.99 -> 61 'Z', 0.5 -> 31 'v', 0.25 -> 15 'f', 0.75 -> 46 'K', 0.1 -> 6 '6'.
    assert.equal(pageViewId(() => sequence[i++]), '0ZvfK6');
    assert.match(pageViewId(), /^[0-9a-zA-Z]{6}$/);
});
