using System.Data.Common;
using System.Globalization;
using System.Text;
using Makoto.Storage.Segments;

namespace Makoto.Storage.Logs;

/// <summary>
/// The visitor log's reads (Matomo's Live plugin): a page of visits in one query, then the actions,
/// conversions and ecommerce items of the whole page in one query each (never one query per visit).
/// </summary>
public sealed partial class LogReader
{
    /// <summary>The most ids bound in one <c>IN (…)</c> list; longer lists are read in chunks.</summary>
    private const int MaxIdsPerQuery = 500;

    /// <summary>The page of visits <paramref name="query"/> selects, newest first unless it asks otherwise.</summary>
    public List<VisitRow> LastVisits(VisitLogQuery query)
    {
        var selected = SelectedVisitColumns(null);
        var direction = query.Ascending ? "ASC" : "DESC";
        using var connection = database.Open();
        using var command = connection.Command("");
        var where = new StringBuilder("idsite IN (").Append(Bind(command, "@site", query.Sites)).Append(')');
        if (query.IdVisitor is { } visitor)
        {
            where.Append(" AND idvisitor = @visitor");
            command.With("@visitor", visitor);
        }

        AddBound(command, where, ">", "@after", query.AfterUtc);
        AddBound(command, where, ">=", "@from", query.FromUtc);
        AddBound(command, where, "<=", "@to", query.ToUtc);
        if (query.Segments is { } segments)
        {
            where.Append(" AND ").Append(SegmentWhere(command, SegmentScope.Visit, segments, query.FromUtc, query.ToUtc));
        }

        var page = "";
        if (query.Limit > 0)
        {
            page = " LIMIT @limit OFFSET @offset";
            command.With("@limit", query.Limit).With("@offset", Math.Max(0, query.Offset));
        }

        command.CommandText =
            $"""
            SELECT {VisitColumnList(selected)} FROM {D.Table("log_visit")} AS log_visit
            WHERE {where}
            ORDER BY visit_last_action_time {direction}, idvisit {direction}{page}
            """;
        using var reader = command.ExecuteReader();
        var values = new DataReaderValues(reader, D);
        var visits = new List<VisitRow>();
        while (reader.Read())
        {
            visits.Add(ReadVisit(reader, values, selected));
        }

        return visits;
    }

    /// <summary>The actions of the given visits, by visit and then in time order.</summary>
    public List<VisitLogAction> ActionsOfVisits(IReadOnlyList<long> idVisits)
    {
        var result = new List<VisitLogAction>();
        using var connection = database.Open();
        foreach (var chunk in idVisits.Chunk(MaxIdsPerQuery))
        {
            using var command = connection.Command("");
            var ids = Bind(command, "@v", chunk);
            var action = D.Table("log_action");
            command.CommandText =
                $"""
                SELECT lva.idlink_va, lva.idvisit, lva.server_time, lva.idpageview, lva.time_spent_ref_action,
                    lva.custom_float, lva.pageview_position, lva.search_cat, lva.search_count, lva.product_price,
                    lva.time_network + lva.time_server + lva.time_transfer + lva.time_dom_processing
                        + lva.time_dom_completion + lva.time_on_load,
                    url.idaction, url.name, url.type, url.url_prefix, title.name, title.type,
                    lva.idaction_event_category, event_category.name, event_action.name,
                    lva.idaction_content_name, content_name.name, content_piece.name, content_target.name,
                    content_interaction.name, product_sku.name, product_name.name, product_cat1.name,
                    product_cat2.name, product_cat3.name, product_cat4.name, product_cat5.name,
                    lva.custom_dimension_1, lva.custom_dimension_2, lva.custom_dimension_3, lva.custom_dimension_4,
                    lva.custom_dimension_5
                FROM {D.Table("log_link_visit_action")} AS lva
                LEFT JOIN {action} AS url ON lva.idaction_url = url.idaction
                LEFT JOIN {action} AS title ON lva.idaction_name = title.idaction
                LEFT JOIN {action} AS event_category ON lva.idaction_event_category = event_category.idaction
                LEFT JOIN {action} AS event_action ON lva.idaction_event_action = event_action.idaction
                LEFT JOIN {action} AS content_name ON lva.idaction_content_name = content_name.idaction
                LEFT JOIN {action} AS content_piece ON lva.idaction_content_piece = content_piece.idaction
                LEFT JOIN {action} AS content_target ON lva.idaction_content_target = content_target.idaction
                LEFT JOIN {action} AS content_interaction ON lva.idaction_content_interaction = content_interaction.idaction
                LEFT JOIN {action} AS product_sku ON lva.idaction_product_sku = product_sku.idaction
                LEFT JOIN {action} AS product_name ON lva.idaction_product_name = product_name.idaction
                LEFT JOIN {action} AS product_cat1 ON lva.idaction_product_cat = product_cat1.idaction
                LEFT JOIN {action} AS product_cat2 ON lva.idaction_product_cat2 = product_cat2.idaction
                LEFT JOIN {action} AS product_cat3 ON lva.idaction_product_cat3 = product_cat3.idaction
                LEFT JOIN {action} AS product_cat4 ON lva.idaction_product_cat4 = product_cat4.idaction
                LEFT JOIN {action} AS product_cat5 ON lva.idaction_product_cat5 = product_cat5.idaction
                WHERE lva.idvisit IN ({ids})
                ORDER BY lva.idvisit, lva.server_time, lva.idlink_va
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new VisitLogAction
                {
                    IdLinkVa = reader.GetInt64(0),
                    IdVisit = reader.GetInt64(1),
                    ServerTime = D.ReadDateTime(reader, 2),
                    IdPageview = reader.GetStringOrNull(3),
                    TimeSpentRefAction = reader.GetInt64OrNull(4),
                    CustomFloat = reader.GetDoubleOrNull(5),
                    PageviewPosition = reader.GetInt32OrNull(6),
                    SearchCat = reader.GetStringOrNull(7),
                    SearchCount = reader.GetInt64OrNull(8),
                    ProductPrice = reader.GetDoubleOrNull(9),
                    PageLoadTime = reader.GetInt64OrNull(10),
                    UrlIdAction = reader.GetInt64OrNull(11),
                    Url = reader.GetStringOrNull(12),
                    UrlType = reader.GetInt32OrNull(13),
                    UrlPrefix = reader.GetInt32OrNull(14),
                    Name = reader.GetStringOrNull(15),
                    NameType = reader.GetInt32OrNull(16),
                    IsEvent = reader.GetInt64OrNull(17) is > 0,
                    EventCategory = reader.GetStringOrNull(18),
                    EventAction = reader.GetStringOrNull(19),
                    IsContent = reader.GetInt64OrNull(20) is > 0,
                    ContentName = reader.GetStringOrNull(21),
                    ContentPiece = reader.GetStringOrNull(22),
                    ContentTarget = reader.GetStringOrNull(23),
                    ContentInteraction = reader.GetStringOrNull(24),
                    ProductSku = reader.GetStringOrNull(25),
                    ProductName = reader.GetStringOrNull(26),
                };
                for (var i = 0; i < 5; i++)
                {
                    row.ProductCategories[i] = reader.GetStringOrNull(27 + i);
                    row.CustomDimensions[i] = reader.GetStringOrNull(32 + i);
                }

                result.Add(row);
            }
        }

        return result;
    }

    /// <summary>The goal conversions, orders and carts of the given visits, by visit and then in time order.</summary>
    public List<VisitLogConversion> ConversionsOfVisits(IReadOnlyList<long> idVisits)
    {
        var result = new List<VisitLogConversion>();
        using var connection = database.Open();
        foreach (var chunk in idVisits.Chunk(MaxIdsPerQuery))
        {
            using var command = connection.Command("");
            var ids = Bind(command, "@v", chunk);
            command.CommandText =
                $"""
                SELECT c.idvisit, c.idgoal, c.server_time, c.idlink_va, lva.idpageview, c.url, c.idorder, c.items,
                    c.revenue, c.revenue_subtotal, c.revenue_tax, c.revenue_shipping, c.revenue_discount,
                    c.referer_type, c.referer_name, c.referer_keyword
                FROM {D.Table("log_conversion")} AS c
                LEFT JOIN {D.Table("log_link_visit_action")} AS lva ON lva.idlink_va = c.idlink_va
                WHERE c.idvisit IN ({ids})
                ORDER BY c.idvisit, c.server_time
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result.Add(new VisitLogConversion
                {
                    IdVisit = reader.GetInt64(0),
                    IdGoal = (int)reader.GetInt64(1),
                    ServerTime = D.ReadDateTime(reader, 2),
                    IdLinkVa = reader.GetInt64OrNull(3),
                    IdPageview = reader.GetStringOrNull(4),
                    Url = reader.GetStringOrNull(5) ?? "",
                    IdOrder = reader.GetStringOrNull(6),
                    Items = reader.GetInt32OrNull(7),
                    Revenue = reader.GetDoubleOrNull(8),
                    RevenueSubtotal = reader.GetDoubleOrNull(9),
                    RevenueTax = reader.GetDoubleOrNull(10),
                    RevenueShipping = reader.GetDoubleOrNull(11),
                    RevenueDiscount = reader.GetDoubleOrNull(12),
                    RefererType = reader.GetInt32OrNull(13),
                    RefererName = reader.GetStringOrNull(14),
                    RefererKeyword = reader.GetStringOrNull(15),
                });
            }
        }

        return result;
    }

    /// <summary>
    /// The products (not deleted) of the orders and carts of the given visits, by visit, order and SKU
    /// action — the order of Matomo's primary key.
    /// </summary>
    public List<VisitLogItem> ItemsOfVisits(IReadOnlyList<long> idVisits)
    {
        var result = new List<VisitLogItem>();
        using var connection = database.Open();
        foreach (var chunk in idVisits.Chunk(MaxIdsPerQuery))
        {
            using var command = connection.Command("");
            var ids = Bind(command, "@v", chunk);
            var action = D.Table("log_action");
            command.CommandText =
                $"""
                SELECT i.idvisit, i.idorder, sku.name, name.name, cat1.name, cat2.name, cat3.name, cat4.name, cat5.name,
                    ROUND(i.price, 2), i.quantity
                FROM {D.Table("log_conversion_item")} AS i
                INNER JOIN {action} AS sku ON i.idaction_sku = sku.idaction
                LEFT JOIN {action} AS name ON i.idaction_name = name.idaction
                LEFT JOIN {action} AS cat1 ON i.idaction_category = cat1.idaction
                LEFT JOIN {action} AS cat2 ON i.idaction_category2 = cat2.idaction
                LEFT JOIN {action} AS cat3 ON i.idaction_category3 = cat3.idaction
                LEFT JOIN {action} AS cat4 ON i.idaction_category4 = cat4.idaction
                LEFT JOIN {action} AS cat5 ON i.idaction_category5 = cat5.idaction
                WHERE i.idvisit IN ({ids}) AND i.deleted = 0
                ORDER BY i.idvisit, i.idorder, i.idaction_sku
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var item = new VisitLogItem
                {
                    IdVisit = reader.GetInt64(0),
                    IdOrder = reader.GetStringOrNull(1) ?? "0",
                    Sku = reader.GetStringOrNull(2),
                    Name = reader.GetStringOrNull(3),
                    Price = reader.GetDoubleOrNull(9) ?? 0,
                    Quantity = reader.GetInt32OrNull(10) ?? 0,
                };
                for (var i = 0; i < 5; i++)
                {
                    item.Categories[i] = reader.GetStringOrNull(4 + i);
                }

                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>
    /// Each visitor's orders and abandoned carts over all their visits on the site, keyed by the
    /// visitor id (lower-case hex) and the goal id (0 orders, −1 carts). Revenues are summed in whole
    /// cents, which gives the exact decimal total Matomo shows (52.43 + 47.36 = 99.79, where adding the
    /// two doubles would give 99.78999999999999).
    /// </summary>
    public Dictionary<(string Visitor, int IdGoal), EcommerceTotals> EcommerceTotalsOfVisitors(int idSite, IReadOnlyCollection<byte[]> visitors)
    {
        var result = new Dictionary<(string, int), EcommerceTotals>();
        using var connection = database.Open();
        foreach (var chunk in visitors.Chunk(MaxIdsPerQuery))
        {
            using var command = connection.Command("");
            var ids = Bind(command, "@visitor", chunk);
            command.With("@site", idSite);
            command.CommandText =
                $"""
                SELECT v.idvisitor, c.idgoal, COALESCE(SUM(ROUND(c.revenue * 100)), 0) / 100.0, COUNT(*), COALESCE(SUM(c.items), 0)
                FROM {D.Table("log_visit")} AS v
                INNER JOIN {D.Table("log_conversion")} AS c ON v.idvisit = c.idvisit
                WHERE v.idsite = @site AND v.idvisitor IN ({ids}) AND c.idgoal IN (-1, 0)
                GROUP BY v.idvisitor, c.idgoal
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var visitor = Convert.ToHexStringLower((byte[])reader.GetValue(0));
                result[(visitor, (int)reader.GetInt64(1))] = new EcommerceTotals(
                    reader.GetDouble(2), reader.GetInt64(3), reader.GetDouble(4));
            }
        }

        return result;
    }

    /// <summary>Visits, actions, visitors and conversions of the sites since <paramref name="sinceUtc"/> (inclusive).</summary>
    public RecentCounts CountRecent(IReadOnlyList<int> sites, DateTime sinceUtc, IReadOnlyDictionary<int, CompiledSegment>? segments = null)
    {
        using var connection = database.Open();
        long Count(string select, SegmentScope scope, string timeColumn)
        {
            using var command = connection.Command("");
            var alias = CompiledSegment.Alias(scope);
            var ids = Bind(command, "@site", sites);
            command.With("@since", D.DateTimeValue(sinceUtc));
            var join = "";
            var where = $"{alias}.idsite IN ({ids}) AND {alias}.{timeColumn} >= @since";
            if (segments is not null)
            {
                if (scope != SegmentScope.Visit)
                {
                    join = $" JOIN {D.Table("log_visit")} AS log_visit ON log_visit.idvisit = {alias}.idvisit";
                }

                where += " AND " + SegmentWhere(command, scope, segments, null, null);
            }

            command.CommandText = $"SELECT {select} FROM {D.Table(alias)} AS {alias}{join} WHERE {where}";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        var visits = Count("COUNT(log_visit.visit_last_action_time)", SegmentScope.Visit, "visit_last_action_time");
        if (visits == 0)
        {
            return default;
        }

        return new RecentCounts(
            visits,
            Count("COUNT(*)", SegmentScope.Action, "server_time"),
            Count("COUNT(DISTINCT log_visit.idvisitor)", SegmentScope.Visit, "visit_last_action_time"),
            Count("COUNT(*)", SegmentScope.Conversion, "server_time"));
    }

    /// <summary>
    /// The test that a row of <paramref name="scope"/>'s table (aliased by its name, its visit joined as
    /// <c>log_visit</c>) matches its site's segment, binding the segments' values to <paramref name="command"/>.
    /// </summary>
    private string SegmentWhere(DbCommand command, SegmentScope scope, IReadOnlyDictionary<int, CompiledSegment> segments, DateTime? fromUtc, DateTime? toUtc)
    {
        var sql = new StringBuilder("(");
        var index = 0;
        foreach (var (idSite, segment) in segments)
        {
            var writer = new SegmentSqlWriter(D, [idSite], fromUtc, toUtc, "@seg" + index.ToString(CultureInfo.InvariantCulture) + "_");
            if (index++ > 0)
            {
                sql.Append(" OR ");
            }

            sql.Append("(log_visit.idsite = ").Append(writer.Bind(idSite)).Append(" AND ").Append(segment.VisitCondition(writer));
            if (segment.FiltersRows(scope))
            {
                sql.Append(" AND ").Append(segment.RowCondition(scope, writer));
            }

            sql.Append(')');
            writer.AddTo(command);
        }

        return sql.Append(')').ToString();
    }

    /// <summary>The latest <c>visit_last_action_time</c> of the sites within the inclusive bounds, or null.</summary>
    public DateTime? MostRecentVisitTime(IReadOnlyList<int> sites, DateTime? fromUtc, DateTime? toUtc)
    {
        using var connection = database.Open();
        using var command = connection.Command("");
        var where = new StringBuilder("idsite IN (").Append(Bind(command, "@site", sites)).Append(')');
        AddBound(command, where, ">=", "@from", fromUtc);
        AddBound(command, where, "<=", "@to", toUtc);
        command.CommandText =
            $"SELECT visit_last_action_time FROM {D.Table("log_visit")} WHERE {where} ORDER BY visit_last_action_time DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? D.ReadDateTime(reader, 0) : null;
    }

    /// <summary>
    /// The visitor shown before (<paramref name="earlier"/> = true: last active at or before
    /// <paramref name="latestUtc"/>) or after another visitor in the visitor log, among the visitors
    /// active within a day of <paramref name="latestUtc"/>; null when there is none.
    /// </summary>
    public byte[]? AdjacentVisitor(int idSite, byte[] visitor, DateTime latestUtc, bool earlier)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT idvisitor FROM {D.Table("log_visit")}
            WHERE idsite = @site AND idvisitor <> @visitor AND visit_last_action_time >= @from AND visit_last_action_time <= @to
            GROUP BY idvisitor
            HAVING MAX(visit_last_action_time) {(earlier ? "<=" : ">=")} @latest
            ORDER BY MAX(visit_last_action_time) {(earlier ? "DESC" : "ASC")}
            LIMIT 1
            """)
            .With("@site", idSite)
            .With("@visitor", visitor)
            .With("@from", D.DateTimeValue(latestUtc.AddDays(-1)))
            .With("@to", D.DateTimeValue(latestUtc.AddDays(1)))
            .With("@latest", D.DateTimeValue(latestUtc));
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>Adds one parameter per value (<c>@prefix0</c>, <c>@prefix1</c>, …) and returns their comma list.</summary>
    private static string Bind<T>(DbCommand command, string prefix, IReadOnlyList<T> values)
    {
        var list = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            command.With(name, values[i]);
            list.Append(i == 0 ? "" : ", ").Append(name);
        }

        return list.ToString();
    }

    private void AddBound(DbCommand command, StringBuilder where, string comparison, string name, DateTime? value)
    {
        if (value is { } utc)
        {
            where.Append(" AND visit_last_action_time ").Append(comparison).Append(' ').Append(name);
            command.With(name, D.DateTimeValue(utc));
        }
    }
}
