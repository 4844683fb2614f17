using System.Threading.Channels;
using Makoto.LogImport.Formats;
using Makoto.Tracking.Requests;

namespace Makoto.LogImport;

/// <summary>
/// Imports server logs: reads each file (detecting its format unless one is given), filters its lines,
/// maps them to sites, turns them into tracking requests and sends them in batches to a sink — the local
/// tracking pipeline or a remote server. Lines are spread over <see cref="ImportOptions.Recorders"/>
/// lanes by client (User ID, else IP), and each lane sends its batches one after another, so the hits of
/// one visitor are recorded in the order of the log while other visitors are recorded meanwhile. A line
/// that cannot be read or is rejected is counted and never stops the import.
/// </summary>
public sealed class LogImporter
{
    private readonly ImportOptions _options;
    private readonly IHitSink _sink;
    private readonly ImportLedger? _ledger;
    private readonly HitFilter _filter;
    private readonly HitRequestBuilder _builder;
    private readonly SiteResolver _resolver;
    private readonly Stream? _stdin;

    /// <param name="options">What to import and how.</param>
    /// <param name="sink">Where the hits go.</param>
    /// <param name="directory">Where sites are looked up (and created with <c>--add-sites-new-hosts</c>).</param>
    /// <param name="ledger">The local store's record of imported files; null for remote imports (no re-import detection).</param>
    /// <param name="stdin">Standard input, for <c>-</c> (tests pass their own stream).</param>
    public LogImporter(ImportOptions options, IHitSink sink, ISiteDirectory directory, ImportLedger? ledger, Stream? stdin = null)
    {
        if (options.BatchSize < 1 || options.Recorders < 1)
        {
            throw new ImportException("--recorders and --recorder-max-payload-size must be at least 1.", isUsageError: true);
        }

        _options = options;
        _sink = sink;
        _ledger = ledger;
        _stdin = stdin;
        _filter = new HitFilter(options);
        _builder = new HitRequestBuilder(options);
        _resolver = new SiteResolver(directory, options, Statistics);
    }

    public ImportStatistics Statistics { get; } = new();

    /// <summary>The format used for the file being read (for display).</summary>
    public string? CurrentFormat { get; private set; }

    /// <summary>The file being read (for display).</summary>
    public string? CurrentFile { get; private set; }

    /// <summary>Runs the import; throws <see cref="ImportException"/> for problems that stop it (a bad option, an unreachable server).</summary>
    public async Task RunAsync(CancellationToken cancellation = default)
    {
        var encoding = LogInput.GetEncoding(_options.Encoding);
        Statistics.TotalBytes = _options.Files.Where(f => f != "-" && File.Exists(f)).Sum(f => new FileInfo(f).Length);
        foreach (var file in _options.Files)
        {
            if (file != "-" && !File.Exists(file))
            {
                throw new ImportException($"The file {file} does not exist.", isUsageError: true);
            }
        }

        await _resolver.PrepareAsync(cancellation).ConfigureAwait(false);
        Statistics.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var lanes = new Lane[_options.Recorders];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = new Lane(this, stop.Token);
        }

        var imported = new List<(string File, string Fingerprint, long Lines)>();
        Exception? failure = null;
        try
        {
            foreach (var file in _options.Files)
            {
                string? fingerprint = null;
                if (file != "-" && _ledger is not null && !_options.DryRun)
                {
                    fingerprint = LogInput.Fingerprint(file);
                    if (!_options.Force && _options.Skip == 0 && _ledger.Find(fingerprint) is { } before)
                    {
                        Statistics.FilesAlreadyImported.Add($"{file} (imported {before.ImportedAt:yyyy-MM-dd HH:mm} UTC from {before.Path}: {before.Lines:N0} lines)");
                        continue;
                    }
                }

                var lines = await ReadFileAsync(file, encoding, lanes, stop.Token).ConfigureAwait(false);
                if (fingerprint is not null)
                {
                    imported.Add((file, fingerprint, lines));
                }
            }

            foreach (var lane in lanes)
            {
                await lane.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            // A lane that failed closes its queue with its error (see Lane.SendAllAsync): report that error.
            failure = error is ChannelClosedException { InnerException: { } laneError } ? laneError : error;
            await stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Complete();
            }

            foreach (var lane in lanes)
            {
                try
                {
                    await lane.Completion.ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    // The first error is the one reported; the others (lanes cancelled, or failing the same
                    // way) follow from it.
                    failure ??= error;
                }
            }

            Statistics.Stop();
        }

        if (failure is not null)
        {
            var resume = lanes.Min(l => l.FirstUnrecordedLine);
            var hint = resume is > 0 and < long.MaxValue
                ? $" To resume, run the same command with --skip {resume - 1} (lines after it may have been recorded already)."
                : "";
            throw failure is ImportException { IsUsageError: true } ? failure
                : failure is ImportException ? new ImportException(failure.Message + hint)
                : new ImportException($"The import stopped: {failure.Message}.{hint}");
        }

        foreach (var (file, fingerprint, lines) in imported)
        {
            _ledger!.Record(fingerprint, file, lines, Statistics.Recorded);
        }
    }

    /// <summary>Reads one file through the lanes; returns its number of lines.</summary>
    private async Task<long> ReadFileAsync(string file, System.Text.Encoding encoding, Lane[] lanes, CancellationToken cancellation)
    {
        CurrentFile = file == "-" ? "(stdin)" : file;
        using var reader = LogInput.Open(file, encoding, Statistics.AddBytes, _stdin);
        var head = new List<string>();
        while (head.Count < LogFormats.DetectionLines && await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { } first)
        {
            head.Add(first);
        }

        if (head.All(l => l.Trim().Length == 0))
        {
            return 0;
        }

        var format = ChooseFormat(head, file);
        CurrentFormat = format.Name;
        format.QueryDelimiter = _options.QueryDelimiter;
        if (!format.HasHost && _options.IdSite is null && _options.LogHostname is null && !_options.ReplayTracking)
        {
            throw new ImportException(
                $"The log format {format.Name} of {CurrentFile} has no host: give the site with --idsite (or the host with --log-hostname).", isUsageError: true);
        }

        var line = new LogLine();
        long lineNumber = 0;
        var index = 0;
        while (true)
        {
            string? text;
            if (index < head.Count)
            {
                text = head[index++];
            }
            else
            {
                text = await reader.ReadLineAsync(cancellation).ConfigureAwait(false);
                if (text is null)
                {
                    break;
                }
            }

            lineNumber++;
            if (text.Length == 0)
            {
                continue;
            }

            var result = format.Parse(text, line);
            if (result == LineResult.Directive)
            {
                Statistics.AddDirective();
                continue;
            }

            Statistics.AddLine();
            if (Statistics.LinesParsed <= _options.Skip)
            {
                continue;
            }

            if (result != LineResult.Parsed || (_options.ReplayTracking && !_builder.IsReplayable(line)))
            {
                Statistics.Skip(SkipReason.Invalid);
                continue;
            }

            if (_filter.Check(line, out var kind) is { } reason)
            {
                Statistics.Skip(reason);
                continue;
            }

            var site = _options.ReplayTracking && _options.IdSite is null
                ? await ReplayedSiteAsync(line, cancellation).ConfigureAwait(false)
                : await _resolver.ResolveAsync(line.Host, cancellation).ConfigureAwait(false);
            if (site is not { } resolved)
            {
                Statistics.Skip(SkipReason.NoSite);
                continue;
            }

            var request = _builder.Build(line, kind, resolved);
            Statistics.AddHitTime(line.Timestamp);
            var key = line.UserId ?? line.Ip;
            var lane = lanes[(int)((uint)key.GetHashCode() % (uint)lanes.Length)];
            await lane.AddAsync(new PendingHit(request, CurrentFile, lineNumber, Statistics.LinesParsed, kind.IsDownload)).ConfigureAwait(false);
        }

        return lineNumber;
    }

    private LogFormat ChooseFormat(List<string> head, string file)
    {
        var w3c = _options.W3c;
        if (_options.FormatRegex is { } regex)
        {
            try
            {
                return new RegexLogFormat("custom", regex, DateStyle.Apache, _options.DateFormat);
            }
            catch (ArgumentException error)
            {
                throw new ImportException(error.Message, isUsageError: true);
            }
        }

        if (_options.FormatName is { } name)
        {
            var format = LogFormats.Create(name, w3c) ?? throw new ImportException(
                $"--log-format-name {name}: unknown format; the formats are {string.Join(", ", LogFormats.Names)}.", isUsageError: true);
            if (format is W3cLogFormat { HasFields: false } && !head.Any(l => l.StartsWith("#Fields:", StringComparison.OrdinalIgnoreCase)))
            {
                throw new ImportException($"{file} has no '#Fields:' line: give the columns with --w3c-fields.", isUsageError: true);
            }

            return format;
        }

        return LogFormats.Detect(head, w3c) ?? throw new ImportException(
            $"Cannot tell the log format of {(file == "-" ? "(stdin)" : file)} from its first {Math.Min(head.Count, LogFormats.DetectionLines)} lines: " +
            $"give it with --log-format-name ({string.Join(", ", LogFormats.Names)}) or describe it with --log-format-regex.", isUsageError: true);
    }

    private async ValueTask<ResolvedSite?> ReplayedSiteAsync(LogLine line, CancellationToken cancellation) =>
        HitRequestBuilder.ReplayedSite(line) is { } idSite ? await _resolver.ResolveByIdAsync(idSite, cancellation).ConfigureAwait(false) : null;

    private sealed record PendingHit(TrackingParameters Request, string File, long FileLine, long Line, bool IsDownload);

    /// <summary>One lane: a batch being filled, and a queue of full batches sent one after another.</summary>
    private sealed class Lane
    {
        private readonly LogImporter _importer;
        private readonly Channel<List<PendingHit>> _batches = Channel.CreateBounded<List<PendingHit>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        private readonly CancellationToken _cancellation;
        private List<PendingHit> _current;
        private long _firstUnrecorded = long.MaxValue;

        public Lane(LogImporter importer, CancellationToken cancellation)
        {
            _importer = importer;
            _cancellation = cancellation;
            _current = new List<PendingHit>(importer._options.BatchSize);
            Completion = Task.Run(SendAllAsync, CancellationToken.None);
        }

        public Task Completion { get; }

        /// <summary>The global number of the first line of the first batch that was not recorded (long.MaxValue when all were).</summary>
        public long FirstUnrecordedLine => Interlocked.Read(ref _firstUnrecorded);

        public async ValueTask AddAsync(PendingHit hit)
        {
            _current.Add(hit);
            if (_current.Count >= _importer._options.BatchSize)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        public async ValueTask FlushAsync()
        {
            if (_current.Count == 0)
            {
                return;
            }

            var full = _current;
            _current = new List<PendingHit>(_importer._options.BatchSize);
            await _batches.Writer.WriteAsync(full, _cancellation).ConfigureAwait(false);
        }

        public void Complete() => _batches.Writer.TryComplete();

        private async Task SendAllAsync()
        {
            try
            {
                await SendBatchesAsync().ConfigureAwait(false);
            }
            catch (Exception error)
            {
                // Without a reader the bounded queue would fill and block the file reader for ever: close it
                // with the error, so that the reader stops and reports it.
                _batches.Writer.TryComplete(error);
                throw;
            }
        }

        private async Task SendBatchesAsync()
        {
            var statistics = _importer.Statistics;
            await foreach (var batch in _batches.Reader.ReadAllAsync(_cancellation).ConfigureAwait(false))
            {
                if (_importer._options.DryRun)
                {
                    statistics.AddRecorded(batch.Count, batch.Count(h => h.IsDownload));
                    continue;
                }

                var requests = new TrackingParameters[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    requests[i] = batch[i].Request;
                }

                SinkOutcome outcome;
                try
                {
                    outcome = await _importer._sink.SendAsync(requests, _cancellation).ConfigureAwait(false);
                }
                catch
                {
                    Interlocked.Exchange(ref _firstUnrecorded, batch[0].Line);
                    throw;
                }

                var rejected = new HashSet<int>(outcome.InvalidIndices);
                var downloads = 0;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!rejected.Contains(i) && batch[i].IsDownload)
                    {
                        downloads++;
                    }
                }

                for (var k = 0; k < outcome.InvalidIndices.Count; k++)
                {
                    var hit = batch[outcome.InvalidIndices[k]];
                    statistics.AddRejected($"{hit.File}:{hit.FileLine}", k < outcome.Messages.Count ? outcome.Messages[k] : "rejected");
                }

                statistics.AddRecorded(outcome.Tracked, downloads);
            }
        }
    }
}
