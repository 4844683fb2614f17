using Makoto.Storage.Logs;

namespace Makoto.Tracking.Tests;

/// <summary>The log writer binds every column of a row without boxing: no allocation per bound value.</summary>
public sealed class LogColumnBindingTests
{
    [Fact]
    public void Binding_the_rows_of_a_hit_allocates_nothing()
    {
        var visit = new VisitRow
        {
            IdSite = 1, IdVisitor = [1, 2, 3, 4, 5, 6, 7, 8], ConfigId = [8, 7, 6, 5, 4, 3, 2, 1], LocationIp = [10, 0, 0, 0],
            VisitFirstActionTime = DateTime.UnixEpoch, VisitLastActionTime = DateTime.UnixEpoch, VisitTotalActions = 1,
            VisitTotalInteractions = 1, VisitorLocaltime = new TimeOnly(12, 30), ConfigOs = "WIN", LocationLatitude = 1.5,
        };
        var action = new ActionRow { IdSite = 1, IdVisit = 2, IdVisitor = visit.IdVisitor, ServerTime = DateTime.UnixEpoch, IdactionUrl = 3 };
        var conversion = new ConversionRow { IdSite = 1, IdVisit = 2, IdVisitor = visit.IdVisitor, ServerTime = DateTime.UnixEpoch, RefererVisitServerDate = new DateOnly(2026, 1, 1) };
        var binder = new CountingBinder();

        Bind(VisitRow.Columns, visit, binder);
        Bind(ActionRow.Columns, action, binder);
        Bind(ConversionRow.Columns, conversion, binder);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Bind(VisitRow.Columns, visit, binder);
        Bind(ActionRow.Columns, action, binder);
        Bind(ConversionRow.Columns, conversion, binder);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, binder.Boxed);
        Assert.True(binder.Bound > 20);
    }

    private static void Bind<TRow>(IReadOnlyList<LogColumn<TRow>> columns, TRow row, ILogBinder binder)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            columns[i].Bind(row, binder, i + 1);
        }
    }

    private sealed class CountingBinder : ILogBinder
    {
        public int Bound { get; private set; }

        public int Boxed { get; private set; }

        public void BindInt64(int index, long value) => Bound++;

        public void BindDouble(int index, double value) => Bound++;

        public void BindText(int index, string value) => Bound++;

        public void BindBlob(int index, byte[] value) => Bound++;

        public void BindDateTime(int index, DateTime value) => Bound++;

        public void BindDate(int index, DateOnly value) => Bound++;

        public void BindTime(int index, TimeOnly value) => Bound++;

        public void BindObject(int index, object? value) => Boxed++;
    }
}
