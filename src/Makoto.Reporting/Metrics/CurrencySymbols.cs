using System.Collections.Frozen;

namespace Makoto.Reporting.Metrics;

/// <summary>
/// The symbol Matomo shows for a currency (money with <c>format_metrics=1</c>, <c>siteCurrencySymbol</c>
/// in the visitor log): the English symbols of the Unicode CLDR, where most currencies are written with
/// their ISO code (<c>CHF 12</c>) and a few with a sign of their own.
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

    /// <summary>The symbol of <paramref name="currencyCode"/>, or the code itself.</summary>
    public static string For(string currencyCode) =>
        s_symbols.TryGetValue(currencyCode.ToUpperInvariant(), out var symbol) ? symbol : currencyCode;
}
