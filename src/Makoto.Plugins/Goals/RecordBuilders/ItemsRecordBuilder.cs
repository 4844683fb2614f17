using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Goals.RecordBuilders;

/// <summary>
/// The ecommerce product reports (metrics-and-archiving.md §4.1, Matomo's EcommerceRecords): ordered
/// and abandoned-cart items by SKU, name and category (<c>Goals_ItemsSku</c>, <c>Goals_ItemsSku_Cart</c>,
/// …), with the product page views of each label added to both.
/// </summary>
/// <remarks>
/// Per label, from the day's items that are not deleted, grouped like Matomo's SQL (ecommerce type and
/// item action): <c>revenue</c> (price × quantity), <c>quantity</c>, <c>price</c> (sum of prices, for the
/// average price), <c>orders</c> (distinct orders; for carts the distinct visits). From the page views
/// carrying the product, grouped by product action: <c>nb_visits</c>, <c>nb_uniq_visitors</c>,
/// <c>nb_actions</c> and <c>avg_price_viewed</c>. The category report also takes the second to fifth
/// categories. Values are added as Matomo's DataArray adds them: zero or missing values are left out,
/// everything else becomes a number. Labels without a name become "Value not defined" (extra
/// categories without a name are skipped). Sites without ecommerce get empty tables.
/// </remarks>
internal sealed class ItemsRecordBuilder : IRecordBuilder
{
    public const string SkuRecord = "Goals_ItemsSku";
    public const string NameRecord = "Goals_ItemsName";
    public const string CategoryRecord = "Goals_ItemsCategory";

    /// <summary>The label of items and views without a value for the dimension.</summary>
    public const string NotDefined = "Value not defined";

    private static readonly Dimension[] s_dimensions =
    [
        new(SkuRecord, true, i => i.IdactionSku, a => a.IdactionProductSku),
        new(NameRecord, true, i => i.IdactionName, a => a.IdactionProductName),
        new(CategoryRecord, true, i => i.IdactionCategory, a => a.IdactionProductCat),
        new(CategoryRecord, false, i => i.IdactionCategory2, a => a.IdactionProductCat2),
        new(CategoryRecord, false, i => i.IdactionCategory3, a => a.IdactionProductCat3),
        new(CategoryRecord, false, i => i.IdactionCategory4, a => a.IdactionProductCat4),
        new(CategoryRecord, false, i => i.IdactionCategory5, a => a.IdactionProductCat5),
    ];

    public string Plugin => "Goals";

    public LogNeeds Needs { get; } = new()
    {
        ActionColumns =
        [
            "idvisitor", "idaction_product_sku", "idaction_product_name", "idaction_product_cat", "idaction_product_cat2",
            "idaction_product_cat3", "idaction_product_cat4", "idaction_product_cat5", "product_price",
        ],
        ItemColumns =
        [
            "idorder", "idaction_sku", "idaction_name", "idaction_category", "idaction_category2", "idaction_category3",
            "idaction_category4", "idaction_category5", "price", "quantity", "deleted",
        ],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        Table(SkuRecord), Table(CartRecord(SkuRecord)),
        Table(NameRecord), Table(CartRecord(NameRecord)),
        Table(CategoryRecord), Table(CartRecord(CategoryRecord)),
    ];

    /// <summary>The abandoned-cart variant of an items record (<c>Goals_ItemsSku_Cart</c>).</summary>
    public static string CartRecord(string record) => record + "_Cart";

    public IDayAggregator StartDay(ArchiveContext context) => new Day(context);

    private static TableRecord Table(string name) => new(name) { Limits = RowLimitFamily.Products, SortColumn = "revenue" };

    /// <summary>One grouping of items and product views: the record it feeds and the action id of each side.</summary>
    private sealed record Dimension(string Record, bool IsPrimary, Func<ConversionItemRow, long> ItemAction, Func<ActionRow, long?> ViewAction);

    private sealed class Day(ArchiveContext context) : IDayAggregator
    {
        private readonly bool _ecommerce = context.Site.Ecommerce;
        private readonly Dictionary<(int Type, long IdAction), ItemGroup>[] _items = NewGroups<(int, long), ItemGroup>();
        private readonly Dictionary<long, ViewGroup>[] _views = NewGroups<long, ViewGroup>();

        public void OnVisit(VisitLog log)
        {
            if (!_ecommerce)
            {
                return;
            }

            foreach (var item in log.Items)
            {
                if (item.Deleted != 0)
                {
                    continue;
                }

                var type = item.IdOrder == "0" ? GoalRecords.AbandonedCart : GoalRecords.Order;
                for (var d = 0; d < s_dimensions.Length; d++)
                {
                    var key = (type, s_dimensions[d].ItemAction(item));
                    if (!_items[d].TryGetValue(key, out var group))
                    {
                        group = new ItemGroup();
                        _items[d].Add(key, group);
                    }

                    group.Add(item);
                }
            }

            foreach (var action in log.Actions)
            {
                for (var d = 0; d < s_dimensions.Length; d++)
                {
                    if (s_dimensions[d].ViewAction(action) is not { } idAction)
                    {
                        continue;
                    }

                    if (!_views[d].TryGetValue(idAction, out var group))
                    {
                        group = new ViewGroup();
                        _views[d].Add(idAction, group);
                    }

                    group.Add(action);
                }
            }
        }

        public void Finish(ArchiveRecords records)
        {
            var ids = new HashSet<long>();
            for (var d = 0; d < s_dimensions.Length; d++)
            {
                foreach (var key in _items[d].Keys)
                {
                    ids.Add(key.IdAction);
                }

                ids.UnionWith(_views[d].Keys);
            }

            context.Actions.Load(ids);
            var tables = new Dictionary<string, TableAccumulator>(StringComparer.Ordinal);
            foreach (var record in new[] { SkuRecord, NameRecord, CategoryRecord })
            {
                tables[record] = new TableAccumulator();
                tables[CartRecord(record)] = new TableAccumulator();
            }

            // Matomo queries each dimension in turn: its items (by type, then item action), then its product views (by name).
            for (var d = 0; d < s_dimensions.Length; d++)
            {
                var dimension = s_dimensions[d];
                foreach (var ((type, idAction), group) in _items[d].OrderBy(e => e.Key))
                {
                    if (Label(dimension, idAction) is { } label)
                    {
                        var record = type == GoalRecords.AbandonedCart ? CartRecord(dimension.Record) : dimension.Record;
                        Add(tables[record], label, group.Columns(type));
                    }
                }

                var views = new List<(string Label, ViewGroup Group)>();
                foreach (var (idAction, group) in _views[d])
                {
                    if (Label(dimension, idAction) is { } label)
                    {
                        views.Add((label, group));
                    }
                }

                foreach (var (label, group) in views.OrderBy(v => v.Label, StringComparer.OrdinalIgnoreCase))
                {
                    var columns = group.Columns();
                    Add(tables[dimension.Record], label, columns);
                    Add(tables[CartRecord(dimension.Record)], label, columns);
                }
            }

            foreach (var (record, table) in tables)
            {
                records.SetTable(record, table.ToTable());
            }
        }

        private static Dictionary<TKey, TGroup>[] NewGroups<TKey, TGroup>()
            where TKey : notnull
        {
            var groups = new Dictionary<TKey, TGroup>[s_dimensions.Length];
            for (var d = 0; d < groups.Length; d++)
            {
                groups[d] = [];
            }

            return groups;
        }

        private string? Label(Dimension dimension, long idAction)
        {
            var name = context.Actions.Get(idAction)?.Name;
            if (!string.IsNullOrEmpty(name))
            {
                return name;
            }

            return dimension.IsPrimary ? NotDefined : null;
        }

        /// <summary>Matomo's DataArray::sumMetrics: empty values are skipped, the others summed as numbers.</summary>
        private static void Add(TableAccumulator table, string label, List<KeyValuePair<string, object?>> columns)
        {
            columns.RemoveAll(c => c.Value is null || MetricValues.ToDouble(c.Value) == 0);
            if (columns.Count > 0)
            {
                table.SumRow(label, columns);
            }
        }
    }

    /// <summary>The items of one (ecommerce type, item action) group; items of a visit arrive together.</summary>
    private sealed class ItemGroup
    {
        private readonly HashSet<string> _orders = new(StringComparer.Ordinal);
        private long _lastVisit = -1;
        private long _visits;
        private double _revenue;
        private long _quantity;
        private double _price;

        public void Add(ConversionItemRow item)
        {
            _revenue += item.Quantity * item.Price;
            _quantity += item.Quantity;
            _price += item.Price;
            _orders.Add(item.IdOrder);
            if (item.IdVisit != _lastVisit)
            {
                _visits++;
                _lastVisit = item.IdVisit;
            }
        }

        /// <summary>revenue, quantity, price (rounded to cents as the SQL does) and orders — for carts, the visits with the cart.</summary>
        public List<KeyValuePair<string, object?>> Columns(int type) =>
        [
            new("revenue", Money(_revenue)),
            new("quantity", _quantity),
            new("price", Money(_price)),
            new("orders", type == GoalRecords.AbandonedCart ? _visits : _orders.Count),
        ];

        private static double Money(double sum) => Math.Round(sum, 2, MidpointRounding.ToEven);
    }

    /// <summary>The product page views of one product action; actions of a visit arrive together.</summary>
    private sealed class ViewGroup
    {
        private readonly HashSet<ulong> _visitors = [];
        private long _lastVisit = -1;
        private long _visits;
        private long _actions;
        private double _priceSum;
        private long _prices;

        public void Add(ActionRow action)
        {
            _actions++;
            _visitors.Add(Makoto.Archiving.Reports.VisitMetrics.VisitorKey(action.IdVisitor));
            if (action.IdVisit != _lastVisit)
            {
                _visits++;
                _lastVisit = action.IdVisit;
            }

            if (action.ProductPrice is { } price)
            {
                _priceSum += price;
                _prices++;
            }
        }

        /// <summary>nb_visits, nb_uniq_visitors, nb_actions and the average viewed price rounded to cents (none without a price).</summary>
        public List<KeyValuePair<string, object?>> Columns() =>
        [
            new("nb_visits", _visits),
            new("nb_uniq_visitors", (long)_visitors.Count),
            new("nb_actions", _actions),
            new("avg_price_viewed", _prices == 0 ? null : Math.Round(_priceSum / _prices, 2, MidpointRounding.AwayFromZero)),
        ];
    }
}
