using System.Collections.Concurrent;

namespace Makoto.Core.Caching;

/// <summary>
/// Remembers the results of a pure function of a string (the same input always gives the same result),
/// for inputs that repeat a lot: Accept-Language headers, stored language codes. Thread-safe; bounded:
/// when it holds <c>capacity</c> entries it starts over, so a stream of distinct inputs costs at most
/// <c>capacity</c> entries of memory. Inputs longer than <see cref="MaxKeyLength"/> are not remembered.
/// </summary>
public sealed class StringMemo<TResult>(Func<string, TResult> compute, int capacity = 4096)
{
    /// <summary>Longer inputs are computed every time (they are rare and would hold memory).</summary>
    public const int MaxKeyLength = 256;

    private readonly ConcurrentDictionary<string, TResult> _results = new(StringComparer.Ordinal);

    public TResult Get(string input)
    {
        if (_results.TryGetValue(input, out var result))
        {
            return result;
        }

        result = compute(input);
        if (input.Length <= MaxKeyLength)
        {
            if (_results.Count >= capacity)
            {
                _results.Clear();
            }

            _results.TryAdd(input, result);
        }

        return result;
    }
}
