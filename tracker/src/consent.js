/**
 * The consent state of a tracker (js-tracker.md §3.3): tracking consent (requireConsent,
 * setConsentGiven, rememberConsentGiven, forgetConsentGiven, opt-out) and cookie consent
 * (requireCookieConsent, setCookieConsentGiven, ...), remembered in the mtm_consent,
 * mtm_consent_removed and mtm_cookie_consent cookies. The cookies are read and written through a
 * jar, and the effects on the tracker go through hooks, so the state machine is unit-tested alone.
 */
import { CONSENT_COOKIE_TIMEOUT } from './cookies.js';

export const CONSENT_COOKIE = 'mtm_consent';
export const CONSENT_REMOVED_COOKIE = 'mtm_consent_removed';
export const COOKIE_CONSENT_COOKIE = 'mtm_cookie_consent';

/**
 * @param {{get(name: string): string|null, set(name: string, value: string, ms: number): void, remove(name: string): void}} jar
 * @param {object} hooks
 * @param {() => void} hooks.disableCookies the tracker stops writing (and deletes) its cookies
 * @param {() => void} hooks.enableCookies the tracker may write its cookies again (cookie consent given)
 * @param {() => void} hooks.flush send the requests held back while consent was missing
 * @param {() => number} [hooks.now] current time in ms
 */
export function createConsent(jar, hooks) {
    const now = hooks.now || (() => Date.now());
    // A visitor who opted out earlier is opted out from the start, even without requireConsent.
    let given = !jar.get(CONSENT_REMOVED_COOKIE);
    let required = false;
    let cookieConsentRequired = false;

    const lifetime = (hours) => (hours ? hours * 3600000 : CONSENT_COOKIE_TIMEOUT);

    const state = {
        /** Whether requests may be sent now. */
        canSend: () => given,
        isConsentRequired: () => required,
        isUserOptedOut: () => !given,
        isCookieConsentRequired: () => cookieConsentRequired,

        /** Consent remembered in a cookie, and not withdrawn since. */
        hasRememberedConsent() {
            if (jar.get(CONSENT_REMOVED_COOKIE)) {
                if (jar.get(CONSENT_COOKIE)) {
                    jar.remove(CONSENT_COOKIE);
                }
                return false;
            }
            return !!jar.get(CONSENT_COOKIE);
        },
        getRememberedConsent() {
            const value = jar.get(CONSENT_COOKIE);
            if (jar.get(CONSENT_REMOVED_COOKIE)) {
                if (value) {
                    jar.remove(CONSENT_COOKIE);
                }
                return null;
            }
            return value ? value : null;
        },
        getRememberedCookieConsent() {
            return jar.get(COOKIE_CONSENT_COOKIE);
        },

        requireConsent() {
            required = true;
            given = state.hasRememberedConsent();
            if (!given) {
                // No cookies until consent; they are not deleted yet, consent may follow on this page.
                hooks.disableCookies(false);
            }
        },
        setConsentGiven(setCookieConsent) {
            given = true;
            jar.remove(CONSENT_REMOVED_COOKIE);
            if (setCookieConsent !== false) {
                state.setCookieConsentGiven();
            }
            hooks.flush();
        },
        rememberConsentGiven(hours) {
            state.setConsentGiven(true);
            jar.set(CONSENT_COOKIE, String(now()), lifetime(hours));
        },
        forgetConsentGiven(hours) {
            jar.remove(CONSENT_COOKIE);
            jar.set(CONSENT_REMOVED_COOKIE, String(now()), lifetime(hours));
            state.forgetCookieConsentGiven();
            state.requireConsent();
        },

        requireCookieConsent() {
            cookieConsentRequired = true;
            if (state.getRememberedCookieConsent()) {
                return false;
            }
            hooks.disableCookies(true);
            return true;
        },
        setCookieConsentGiven() {
            hooks.enableCookies();
        },
        rememberCookieConsentGiven(hours) {
            state.setCookieConsentGiven();
            jar.set(COOKIE_CONSENT_COOKIE, String(now()), lifetime(hours));
        },
        forgetCookieConsentGiven() {
            jar.remove(COOKIE_CONSENT_COOKIE);
            hooks.disableCookies(true);
        },
    };
    state.optUserOut = state.forgetConsentGiven;
    state.forgetUserOptOut = () => state.setConsentGiven(false);
    return state;
}
