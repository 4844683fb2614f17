using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Contents.RecordBuilders;

/// <summary>
/// The content reports (metrics-and-archiving.md §4.3): impressions grouped by (piece, target, name) and
/// interactions by (piece, interaction, name) — one SQL group row each in Matomo — summed into content
/// names with their pieces as subtables, and pieces with their names. Groups are added in Matomo's SQL
/// order (impressions: most visits first, then by name; interactions: most interactions first); an
/// interaction only counts for a row that has impressions.
/// </summary>
internal sealed class ContentsRecordBuilder : IRecordBuilder
{
    public const string NamePiece = "Contents_name_piece";
    public const string PieceName = "Contents_piece_name";

    /// <summary>The stored label of content without a piece; the API shows it as "Content Piece not defined".</summary>
    public const string PieceNotSet = "Piwik_ContentPieceNotSet";

    public string Plugin => "Contents";

    public LogNeeds Needs { get; } = new()
    {
        ActionColumns = ["idvisitor", "idaction_content_name", "idaction_content_piece", "idaction_content_target", "idaction_content_interaction"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } = [new TableRecord(NamePiece), new TableRecord(PieceName)];

    public IDayAggregator StartDay(ArchiveContext context) => new Day(context.Actions);

    private sealed class Day(ActionNames names) : IDayAggregator
    {
        private readonly Dictionary<(long Piece, long Target, long Name), Impressions> _impressions = [];
        private readonly Dictionary<(long Piece, long Interaction, long Name), long> _interactions = [];

        public void OnVisit(VisitLog log)
        {
            foreach (var action in log.Actions)
            {
                if (action.IdactionContentName is not { } name)
                {
                    continue;
                }

                if (action.IdactionContentInteraction is { } interaction)
                {
                    var key = (action.IdactionContentPiece ?? 0, interaction, name);
                    _interactions[key] = _interactions.GetValueOrDefault(key) + 1;
                    continue;
                }

                var impressionKey = (action.IdactionContentPiece ?? 0, action.IdactionContentTarget ?? 0, name);
                if (!_impressions.TryGetValue(impressionKey, out var group))
                {
                    group = new Impressions(impressionKey);
                    _impressions.Add(impressionKey, group);
                }

                group.Add(log.IdVisit, action);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            if (_impressions.Count == 0)
            {
                return;
            }

            var ids = new HashSet<long>();
            foreach (var (piece, _, name) in _impressions.Keys)
            {
                ids.Add(piece);
                ids.Add(name);
            }

            foreach (var (piece, _, name) in _interactions.Keys)
            {
                ids.Add(piece);
                ids.Add(name);
            }

            names.Load(ids);
            var byName = new TableAccumulator();
            var byPiece = new TableAccumulator();
            AddImpressions(byName, byPiece);
            AddInteractions(byName, byPiece);
            records.SetTable(NamePiece, byName.ToTable());
            records.SetTable(PieceName, byPiece.ToTable());
        }

        private void AddImpressions(TableAccumulator byName, TableAccumulator byPiece)
        {
            var groups = new List<Impressions>(_impressions.Values);
            foreach (var group in groups)
            {
                group.Name = names.Get(group.Key.Name)?.Name;
            }

            // Matomo: ORDER BY nb_visits DESC, contentName; MySQL leaves ties in the order it met the groups
            // scanning the day by time, which the first action id follows.
            groups.Sort(static (a, b) =>
            {
                var order = b.Visits.CompareTo(a.Visits);
                if (order == 0)
                {
                    order = string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
                }

                return order != 0 ? order : a.FirstAction.CompareTo(b.FirstAction);
            });

            foreach (var group in groups)
            {
                var columns = group.Columns();
                var name = group.Name ?? "";
                var piece = names.Get(group.Key.Piece)?.Name;

                byPiece.SumRow(IsEmpty(piece) ? PieceNotSet : piece!, columns);
                if (!IsEmpty(name))
                {
                    byPiece.Subtable(IsEmpty(piece) ? PieceNotSet : piece!).SumRow(name, columns);
                }

                byName.SumRow(name, columns);
                if (!IsEmpty(piece))
                {
                    byName.Subtable(name).SumRow(piece!, columns);
                }
            }
        }

        private void AddInteractions(TableAccumulator byName, TableAccumulator byPiece)
        {
            var groups = new List<KeyValuePair<(long Piece, long Interaction, long Name), long>>(_interactions);

            // Matomo: ORDER BY nb_interactions DESC; ties by the group key.
            groups.Sort(static (a, b) =>
            {
                var order = b.Value.CompareTo(a.Value);
                return order != 0 ? order : a.Key.CompareTo(b.Key);
            });

            foreach (var ((pieceId, _, nameId), count) in groups)
            {
                KeyValuePair<string, object?>[] columns = [new("nb_interactions", MetricValues.DecimalText(count))];
                var name = names.Get(nameId)?.Name ?? "";
                var piece = names.Get(pieceId)?.Name;

                // An interaction counts only where impressions made a row (no "not set" label here).
                if (!IsEmpty(piece) && byPiece.Contains(piece!))
                {
                    byPiece.SumRow(piece!, columns);
                    if (!IsEmpty(name))
                    {
                        byPiece.Subtable(piece!).SumRow(name, columns);
                    }
                }

                if (byName.Contains(name))
                {
                    byName.SumRow(name, columns);
                    if (!IsEmpty(piece))
                    {
                        byName.Subtable(name).SumRow(piece!, columns);
                    }
                }
            }
        }

        /// <summary>PHP's <c>empty()</c> of a label: null, "" and "0".</summary>
        private static bool IsEmpty(string? label) => string.IsNullOrEmpty(label) || label == "0";
    }

    /// <summary>The impressions of one (piece, target, name) of the day: one row of Matomo's SQL.</summary>
    private sealed class Impressions((long Piece, long Target, long Name) key)
    {
        private readonly HashSet<ulong> _visitors = [];
        private long _lastVisit = -1;
        private long _count;

        public (long Piece, long Target, long Name) Key { get; } = key;

        public long Visits { get; private set; }

        /// <summary>The lowest <c>idlink_va</c> of the group: where a scan of the day by time meets it first.</summary>
        public long FirstAction { get; private set; } = long.MaxValue;

        public string? Name { get; set; }

        public void Add(long idVisit, ActionRow action)
        {
            // Visits stream in id order, so a new visit id is a new distinct visit.
            if (idVisit != _lastVisit)
            {
                _lastVisit = idVisit;
                Visits++;
            }

            FirstAction = Math.Min(FirstAction, action.IdLinkVa);
            _visitors.Add(VisitMetrics.VisitorKey(action.IdVisitor));
            _count++;
        }

        /// <summary>The row as Matomo's ranking query returns it: the distinct-visitor count a number, the sums decimal texts.</summary>
        public KeyValuePair<string, object?>[] Columns() =>
        [
            new("nb_uniq_visitors", (long)_visitors.Count),
            new("nb_visits", MetricValues.DecimalText(Visits)),
            new("nb_impressions", MetricValues.DecimalText(_count)),
            new("nb_interactions", 0L),
        ];
    }
}
