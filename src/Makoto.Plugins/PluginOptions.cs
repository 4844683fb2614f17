namespace Makoto.Plugins;

/// <summary>
/// Which plugins run (section <c>Makoto:Plugins</c>): the default ones unless named in
/// <see cref="Disabled"/>, plus the optional ones named in <see cref="Enabled"/>. Names are Matomo's
/// plugin names, compared case-insensitively.
/// </summary>
public sealed class PluginOptions
{
    /// <summary>Optional plugins to switch on (e.g. <c>["CustomVariables"]</c>).</summary>
    public string[] Enabled { get; set; } = [];

    /// <summary>Plugins to switch off (e.g. <c>["Referrers"]</c>).</summary>
    public string[] Disabled { get; set; } = [];
}
