using BenchmarkDotNet.Running;
using Makoto.Benchmarks;

if (args.Length > 0 && args[0] == "writer")
{
    WriterHarness.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "archive")
{
    ArchiveHarness.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "import-logs")
{
    LogImportHarness.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "segments")
{
    SegmentsHarness.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "codec")
{
    CodecHarness.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "actions-archive")
{
    ActionsArchiveHarness.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(WriterHarness).Assembly).Run(args);
