using System.Collections.Frozen;

namespace Makoto.Plugins.SitesManager;

/// <summary>
/// The symbol Matomo shows for a site's currency (<c>siteCurrencySymbol</c>, money in the visitor
/// log): the English symbols of the Unicode CLDR, where most currencies are written with their ISO
/// code and a few with a sign of their own.
/// </summary>
public static class CurrencySymbols
{
    private static readonly FrozenDictionary<string, string> s_symbols = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AUD"] = "A$",
        ["BRL"] = "R$",
        ["CAD"] = "CA$",
        ["CNY"] = "CN¥",
        ["EUR"] = "€",
        ["GBP"] = "£",
        ["HKD"] = "HK$",
        ["ILS"] = "₪",
        ["INR"] = "₹",
        ["JPY"] = "¥",
        ["KRW"] = "₩",
        ["MXN"] = "MX$",
        ["NZD"] = "NZ$",
        ["PHP"] = "₱",
        ["TWD"] = "NT$",
        ["USD"] = "$",
        ["VND"] = "₫",
        ["XAF"] = "FCFA",
        ["XCD"] = "EC$",
        ["XOF"] = "F\u202FCFA",
        ["XPF"] = "CFPF",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The symbol of an ISO 4217 code (<c>EUR</c> → <c>€</c>); the code itself for the others (<c>CHF</c>).</summary>
    public static string Of(string currency) => s_symbols.GetValueOrDefault(currency, currency);
}
