using System.Collections;
using System.Globalization;
using System.Text;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Rendering;

/// <summary>
/// Plain API answers (objects, lists, scalars) seen as the PHP arrays Matomo returns: their entries,
/// PHP's <c>var_export</c> text (<c>format=original</c> without <c>serialize</c>, array cells of
/// <c>format=html</c>) and PHP's <c>serialize</c> text (<c>format=original&amp;serialize=1</c>).
/// </summary>
public static class PhpValues
{
    /// <summary>The entries of an object (its keys) or a list (no keys), in order; empty for scalars.</summary>
    public static List<(string? Key, object? Value)> Entries(object? value)
    {
        var list = new List<(string?, object?)>();
        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (k, v) in pairs)
                {
                    list.Add((k, v));
                }

                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    list.Add((Convert.ToString(entry.Key, CultureInfo.InvariantCulture), entry.Value));
                }

                break;
            case IEnumerable items and not string:
                foreach (var item in items)
                {
                    list.Add((null, item));
                }

                break;
        }

        return list;
    }

    /// <summary>True for values PHP holds as arrays (objects and lists), false for scalars and strings.</summary>
    public static bool IsComposite(object? value) => value is IEnumerable and not string;

    /// <summary>True when <paramref name="value"/> is an object with keys rather than a list.</summary>
    public static bool IsAssociative(object? value) => value is IEnumerable<KeyValuePair<string, object?>> or IDictionary;

    /// <summary>
    /// The key PHP uses for an array entry: the position for list items, an integer for keys that are
    /// canonical integers ("7" becomes 7, "07" stays a string), otherwise the string.
    /// </summary>
    public static object PhpKey(string? key, int position)
    {
        if (key is null)
        {
            return position;
        }

        if (long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number.ToString(CultureInfo.InvariantCulture) == key)
        {
            return number;
        }

        return key;
    }

    /// <summary>The error for reports inside a plain answer (API.getBulkRequest), which PHP arrays cannot show.</summary>
    public static ApiException HoldsReports() =>
        new("Data structure returned is not convertible in the requested format: this answer holds reports. Ask for format=json or format=xml instead.");

    /// <summary>PHP's <c>var_export($value, true)</c>.</summary>
    public static string VarExport(object? value)
    {
        var text = new StringBuilder();
        VarExport(text, value, 1);
        return text.ToString();
    }

    private static void VarExport(StringBuilder text, object? value, int level)
    {
        if (!IsComposite(value))
        {
            text.Append(ExportScalar(value));
            return;
        }

        if (level > 1)
        {
            text.Append('\n').Append(' ', level - 1);
        }

        text.Append("array (\n");
        var position = 0;
        foreach (var (key, item) in Entries(value))
        {
            text.Append(' ', level + 1);
            var phpKey = PhpKey(key, position++);
            text.Append(phpKey is string name ? "'" + ExportString(name) + "'" : Convert.ToString(phpKey, CultureInfo.InvariantCulture));
            text.Append(" => ");
            VarExport(text, item, level + 2);
            text.Append(",\n");
        }

        if (level > 1)
        {
            text.Append(' ', level - 1);
        }

        text.Append(')');
    }

    private static string ExportScalar(object? value) => value switch
    {
        DataTable or DataTableMap => throw HoldsReports(),
        null => "NULL",
        bool b => b ? "true" : "false",
        int or long or short or byte => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => Float(d, zeroFraction: true),
        float f => Float(f, zeroFraction: true),
        decimal m => Float((double)m, zeroFraction: true),
        _ => "'" + ExportString(ValueFormat.Text(value) ?? "") + "'",
    };

    private static string ExportString(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("\0", "' . \"\\0\" . '", StringComparison.Ordinal);

    /// <summary>PHP's <c>serialize($value)</c> of a plain value.</summary>
    public static string Serialize(object? value)
    {
        var text = new StringBuilder();
        Serialize(text, value);
        return text.ToString();
    }

    private static void Serialize(StringBuilder text, object? value)
    {
        switch (value)
        {
            case DataTable or DataTableMap:
                throw HoldsReports();
            case null:
                text.Append("N;");
                return;
            case bool b:
                text.Append(b ? "b:1;" : "b:0;");
                return;
            case int or long or short or byte:
                text.Append("i:").Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append(';');
                return;
            case double d:
                text.Append("d:").Append(Float(d, zeroFraction: false)).Append(';');
                return;
            case float f:
                text.Append("d:").Append(Float(f, zeroFraction: false)).Append(';');
                return;
            case decimal m:
                text.Append("d:").Append(Float((double)m, zeroFraction: false)).Append(';');
                return;
        }

        if (!IsComposite(value))
        {
            SerializeString(text, ValueFormat.Text(value) ?? "");
            return;
        }

        var entries = Entries(value);
        text.Append("a:").Append(entries.Count.ToString(CultureInfo.InvariantCulture)).Append(":{");
        for (var i = 0; i < entries.Count; i++)
        {
            if (PhpKey(entries[i].Key, i) is string name)
            {
                SerializeString(text, name);
            }
            else
            {
                text.Append("i:").Append(Convert.ToString(PhpKey(entries[i].Key, i), CultureInfo.InvariantCulture)).Append(';');
            }

            Serialize(text, entries[i].Value);
        }

        text.Append('}');
    }

    private static void SerializeString(StringBuilder text, string value) =>
        text.Append("s:").Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(":\"").Append(value).Append("\";");

    /// <summary>
    /// A float as PHP writes it with <c>serialize_precision=-1</c>: the shortest round-trip digits,
    /// exponents as <c>1.0E+25</c>; <paramref name="zeroFraction"/> adds <c>.0</c> to integral values (var_export).
    /// </summary>
    private static string Float(double value, bool zeroFraction)
    {
        if (double.IsNaN(value))
        {
            return "NAN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "INF" : "-INF";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            var mantissa = text[..e];
            var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return (mantissa.Contains('.', StringComparison.Ordinal) ? mantissa : mantissa + ".0")
                + (exponent < 0 ? "E-" : "E+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        }

        return zeroFraction && !text.Contains('.', StringComparison.Ordinal) ? text + ".0" : text;
    }
}
