using System.Collections.Frozen;

namespace Makoto.Reporting.Metrics;

/// <summary>
/// The symbol written before or after money amounts with <c>format_metrics=1</c>, by ISO 4217 code.
/// Currencies without a well-known symbol are written with their code (<c>CHF 12</c>).
/// </summary>
public static class CurrencySymbols
{
    private static readonly FrozenDictionary<string, string> s_symbols = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["USD"] = "$",
        ["EUR"] = "€",
        ["GBP"] = "£",
        ["JPY"] = "¥",
        ["CNY"] = "¥",
        ["INR"] = "₹",
        ["KRW"] = "₩",
        ["RUB"] = "₽",
        ["BRL"] = "R$",
        ["AUD"] = "A$",
        ["CAD"] = "C$",
        ["NZD"] = "NZ$",
        ["HKD"] = "HK$",
        ["SGD"] = "S$",
        ["MXN"] = "MX$",
        ["SEK"] = "kr",
        ["NOK"] = "kr",
        ["DKK"] = "kr",
        ["ISK"] = "kr",
        ["PLN"] = "zł",
        ["CZK"] = "Kč",
        ["HUF"] = "Ft",
        ["TRY"] = "₺",
        ["ILS"] = "₪",
        ["UAH"] = "₴",
        ["THB"] = "฿",
        ["VND"] = "₫",
        ["PHP"] = "₱",
        ["NGN"] = "₦",
        ["ZAR"] = "R",
        ["BTC"] = "₿",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The symbol of <paramref name="currencyCode"/>, or the code itself.</summary>
    public static string For(string currencyCode) =>
        s_symbols.TryGetValue(currencyCode.ToUpperInvariant(), out var symbol) ? symbol : currencyCode;
}
