using Makoto.Core.Caching;

namespace Makoto.Storage.Options;

/// <summary>
/// A setting the running server reads from the <c>option</c> table (under Matomo's option name, so an existing
/// Matomo database keeps its values): what it means, its value when not set, and <see cref="Check"/>, which
/// turns what a person typed into the stored form or throws an <see cref="ArgumentException"/> saying what is
/// allowed. Plugins declare theirs as services; <c>makoto config</c> and the plugins' APIs change them.
/// </summary>
public sealed record StoredSetting(string Name, string Description, string Default, Func<string, string> Check)
{
    /// <summary>A 0/1 switch; also accepts true/false, yes/no, on/off.</summary>
    public static string Flag(string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => "1",
        "0" or "false" or "no" or "off" => "0",
        _ => throw new ArgumentException($"'{value}' is not a switch: use 1 or 0 (true/false, yes/no, on/off)."),
    };

    /// <summary>A check for a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Func<string, string> Number(int min, int max) => value =>
        int.TryParse(value.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
        && number >= min && number <= max
            ? number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new ArgumentException($"'{value}' is not allowed: give a whole number from {min} to {max}.");
}

/// <summary>
/// The declared <see cref="StoredSetting"/>s and their values. Values are read from the store at most every
/// few seconds, so a change made by the console reaches a running server without a restart; a change made in
/// this process is seen at once.
/// </summary>
public sealed class StoredSettings
{
    private static readonly TimeSpan s_cacheLifetime = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, StoredSetting> _declared;
    private readonly OptionStore _options;
    private readonly Refreshed<Dictionary<string, string?>> _values;

    public StoredSettings(IEnumerable<StoredSetting> declared, OptionStore options, TimeProvider clock)
    {
        _declared = declared.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _options = options;
        _values = new(Load, s_cacheLifetime, clock);
    }

    /// <summary>Every declared setting, by name.</summary>
    public IReadOnlyList<StoredSetting> All => [.. _declared.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The setting called <paramref name="name"/>; an unknown name is an <see cref="ArgumentException"/>.</summary>
    public StoredSetting Find(string name) => _declared.TryGetValue(name, out var setting)
        ? setting
        : throw new ArgumentException($"There is no setting '{name}'. `makoto config get` lists them.");

    /// <summary>The setting's value: the stored one, or its default when not set.</summary>
    public string Get(string name) => Stored(name) ?? Find(name).Default;

    /// <summary>The stored value, or null when the setting is not set (its default applies).</summary>
    public string? Stored(string name) => _values.Value.GetValueOrDefault(name);

    public int GetInt(string name) => int.Parse(Get(name), System.Globalization.CultureInfo.InvariantCulture);

    public bool GetFlag(string name) => Get(name) == "1";

    /// <summary>Checks and stores a value; returns the stored form.</summary>
    public string Set(string name, string value)
    {
        var stored = Find(name).Check(value);
        _options.Set(name, stored);
        _values.Invalidate();
        return stored;
    }

    /// <summary>Removes the stored value: the default applies again.</summary>
    public void Reset(string name)
    {
        Find(name);
        _options.Delete(name);
        _values.Invalidate();
    }

    private Dictionary<string, string?> Load()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in _declared.Keys)
        {
            values[name] = _options.Get(name);
        }

        return values;
    }
}
