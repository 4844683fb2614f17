using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makoto.Plugins.Dashboard;

/// <summary>
/// One widget of a dashboard as Matomo stores it: a unique id, the parameters that say what it shows
/// (<c>module</c>, <c>action</c> and more) and whether it is minimised.
/// </summary>
public sealed record DashboardWidget(string UniqueId, IReadOnlyDictionary<string, string> Parameters, bool IsHidden = false)
{
    public string Module => Parameters.GetValueOrDefault("module") ?? "";

    public string Action => Parameters.GetValueOrDefault("action") ?? "";

    /// <summary>A widget for <c>module.action</c> with extra parameters; its id is built the way Matomo builds it (<c>widget</c> + the values).</summary>
    public static DashboardWidget For(string module, string action, params (string Name, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["module"] = module, ["action"] = action };
        var id = new StringBuilder("widget").Append(module).Append(action);
        foreach (var (name, value) in extra)
        {
            parameters[name] = value;
            id.Append(name).Append(value);
        }

        return new DashboardWidget(id.ToString(), parameters);
    }
}

/// <summary>
/// A dashboard's layout: columns of widgets, read from and written as Matomo's layout JSON
/// (<c>{"config":{"layout":"33-33-33"},"columns":[[{"uniqueId":…,"parameters":{…},"isHidden":false}],…]}</c>;
/// the older form, a bare array of columns, is read too).
/// </summary>
public sealed class DashboardLayout
{
    public const int DefaultColumnCount = 3;

    public DashboardLayout(IEnumerable<IEnumerable<DashboardWidget>> columns, string columnWidths = "33-33-33")
    {
        Columns = [.. columns.Select(c => c.ToList())];
        ColumnWidths = columnWidths;
    }

    public List<List<DashboardWidget>> Columns { get; }

    /// <summary>Matomo's column widths, e.g. <c>33-33-33</c> or <c>50-50</c>.</summary>
    public string ColumnWidths { get; }

    public IEnumerable<DashboardWidget> Widgets => Columns.SelectMany(c => c);

    public bool Contains(string uniqueId) => Widgets.Any(w => w.UniqueId == uniqueId);

    /// <summary>Reads a stored layout; a layout that cannot be read gives null.</summary>
    public static DashboardLayout? Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        var widths = "33-33-33";
        var columnsNode = root as JsonArray;
        if (root is JsonObject obj)
        {
            columnsNode = obj["columns"] as JsonArray;
            if (obj["config"]?["layout"] is JsonValue layoutValue && layoutValue.TryGetValue<string>(out var layoutText))
            {
                widths = layoutText;
            }
        }

        if (columnsNode is null)
        {
            return null;
        }

        var columns = new List<List<DashboardWidget>>();
        foreach (var columnNode in columnsNode)
        {
            var column = new List<DashboardWidget>();
            var items = columnNode switch
            {
                JsonArray array => array.AsEnumerable(),
                JsonObject keyed => keyed.Select(kv => kv.Value), // PHP writes sparse arrays as objects
                _ => [],
            };
            foreach (var item in items)
            {
                if (item is JsonObject widget && ReadWidget(widget) is { } read)
                {
                    column.Add(read);
                }
            }

            columns.Add(column);
        }

        return new DashboardLayout(columns, widths);
    }

    public string ToJson()
    {
        var columns = new JsonArray();
        foreach (var column in Columns)
        {
            var widgets = new JsonArray();
            foreach (var widget in column)
            {
                var parameters = new JsonObject();
                foreach (var (name, value) in widget.Parameters)
                {
                    parameters[name] = value;
                }

                widgets.Add(new JsonObject
                {
                    ["uniqueId"] = widget.UniqueId,
                    ["parameters"] = parameters,
                    ["isHidden"] = widget.IsHidden,
                });
            }

            columns.Add(widgets);
        }

        var root = new JsonObject
        {
            ["config"] = new JsonObject { ["layout"] = ColumnWidths },
            ["columns"] = columns,
        };
        return root.ToJsonString();
    }

    private static DashboardWidget? ReadWidget(JsonObject widget)
    {
        var id = widget["uniqueId"] is JsonValue idValue && idValue.TryGetValue<string>(out var idText) ? idText : null;
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (widget["parameters"] is JsonObject parameterNodes)
        {
            foreach (var (name, value) in parameterNodes)
            {
                if (value is JsonValue scalar)
                {
                    parameters[name] = scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
                }
            }
        }

        var hidden = widget["isHidden"] is JsonValue hiddenValue && hiddenValue.GetValueKind() == JsonValueKind.True;
        return new DashboardWidget(id, parameters, hidden);
    }
}
