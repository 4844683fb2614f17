namespace Makoto.Reporting.Metrics;

/// <summary>
/// What a metric is called and means, in English as Matomo's API writes it: the name of
/// <c>getDefaultMetricTranslations</c>, <c>translateColumnNames=1</c> and the report metadata, the
/// documentation of <c>metricsDocumentation</c>, and the type of <c>metricTypes</c>.
/// </summary>
/// <param name="Id">The column (<c>nb_visits</c>).</param>
/// <param name="Name">The display name (<c>Visits</c>).</param>
/// <param name="Type">How the value reads (<c>number</c>, <c>percent</c>…); null for columns that are not metrics (<c>label</c>).</param>
/// <param name="Documentation">The one-sentence explanation, or null when Matomo has none.</param>
public sealed record MetricDefinition(string Id, string Name, MetricType? Type = MetricType.Number, string? Documentation = null);

/// <summary>The metric definitions a plugin contributes; each plugin registers one as a singleton.</summary>
public sealed class MetricDefinitionSet(IEnumerable<MetricDefinition> definitions)
{
    public IReadOnlyList<MetricDefinition> Definitions { get; } = [.. definitions];
}

/// <summary>
/// Every metric definition of the running plugins, by column. A column is defined once: two plugins
/// defining the same column stop the start, so a name never depends on registration order.
/// </summary>
public sealed class MetricCatalog
{
    private readonly Dictionary<string, MetricDefinition> _definitions = new(StringComparer.Ordinal);

    public MetricCatalog(IEnumerable<MetricDefinitionSet> sets)
    {
        foreach (var set in sets)
        {
            foreach (var definition in set.Definitions)
            {
                if (!_definitions.TryAdd(definition.Id, definition))
                {
                    throw new InvalidOperationException($"The metric {definition.Id} is defined twice; define it in one plugin only.");
                }
            }
        }
    }

    /// <summary>Every definition, in registration order.</summary>
    public IEnumerable<MetricDefinition> All => _definitions.Values;

    public MetricDefinition? Find(string id) => _definitions.GetValueOrDefault(id);

    /// <summary>The display name of <paramref name="id"/>, or the id itself for an unknown column (as Matomo does).</summary>
    public string NameOf(string id) => _definitions.TryGetValue(id, out var definition) ? definition.Name : id;

    /// <summary>Matomo's name of a metric type in <c>metricTypes</c>: <c>number</c>, <c>percent</c>, <c>money</c>, <c>duration_s</c>.</summary>
    public static string TypeName(MetricType type) => type switch
    {
        MetricType.Percent => "percent",
        MetricType.Money => "money",
        MetricType.Duration => "duration_s",
        _ => "number",
    };
}
