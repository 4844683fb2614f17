using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Web.Ui.Services;

/// <summary>Typed reads of the values of plain API answers (sites, goals, users, visits).</summary>
public static class PlainValues
{
    public static string Text(this PlainObject item, string name) => item.GetValueOrDefault(name) switch
    {
        null => "",
        bool b => b ? "1" : "0",
        double d => d.ToString(CultureInfo.InvariantCulture),
        var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static int Int(this PlainObject item, string name) => (int)MetricValues.ToDouble(item.GetValueOrDefault(name) is bool b ? (b ? 1 : 0) : item.GetValueOrDefault(name));

    public static double Number(this PlainObject item, string name) => MetricValues.ToDouble(item.GetValueOrDefault(name));

    /// <summary>1, "1", true and "true" are true.</summary>
    public static bool Bool(this PlainObject item, string name) => item.GetValueOrDefault(name) switch
    {
        bool b => b,
        string s => s is "1" or "true",
        null => false,
        var value => MetricValues.ToDouble(value) != 0,
    };

    /// <summary>A list of plain objects inside an answer (a visit's actionDetails).</summary>
    public static IReadOnlyList<PlainObject> List(this PlainObject item, string name) => item.GetValueOrDefault(name) switch
    {
        List<PlainObject> list => list,
        List<object?> list => [.. list.OfType<PlainObject>()],
        IEnumerable<object?> items => [.. items.OfType<PlainObject>()],
        _ => [],
    };
}
