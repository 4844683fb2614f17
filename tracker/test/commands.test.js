import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderCommands } from '../src/index.js';

test('configuration commands run first in Matomo\'s order, then the rest in queue order', () => {
    const f = function () {};
    const queue = [
        ['trackPageView'],
        ['enableLinkTracking'],
        ['setSiteId', '1'],
        f,
        ['setCustomDimension', 1, 'x'],
        ['setTrackerUrl', '//stats/matomo.php'],
        ['requireConsent'],
        ['disableCookies'],
        ['trackEvent', 'c', 'a'],
        ['addTracker', '//other/matomo.php', 2],
    ];
    assert.deepEqual(orderCommands(queue).map((c) => (typeof c === 'function' ? 'fn' : c[0])), [
        'addTracker', 'disableCookies', 'setTrackerUrl', 'setSiteId', 'enableLinkTracking', 'requireConsent',
        'trackPageView', 'fn', 'setCustomDimension', 'trackEvent',
    ]);
});
