/* Makoto: PrivacyManager.forceCookielessTracking is on, so every tracker runs without cookies. */
// Served ahead of matomo.js while the setting is on (not bundled): a tracker plugin that disables cookies in each
// tracker as it is set up, and makes later consent to cookies do nothing.
(function () {
    function withoutCookies() {
        window.Matomo.on('TrackerSetup', function (tracker) {
            tracker.setCookieConsentGiven = function () {};
            tracker.rememberCookieConsentGiven = function () {};
            tracker.disableCookies();
        });
    }
    if (typeof window.Matomo === 'object') {
        withoutCookies();
    } else {
        (window.matomoPluginAsyncInit = window.matomoPluginAsyncInit || []).push(withoutCookies);
    }
})();

