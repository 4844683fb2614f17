namespace Makoto.Plugins.Live.VisitorLog;

/// <summary>PHP's notion of an empty value, which decides what Matomo's visitor log shows and omits.</summary>
internal static class Php
{
    /// <summary>PHP's <c>empty()</c>: null, "", "0", 0, 0.0 and false are empty.</summary>
    public static bool Empty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0 || s == "0",
        int i => i == 0,
        long l => l == 0,
        double d => d == 0,
        bool b => !b,
        System.Collections.ICollection c => c.Count == 0,
        _ => false,
    };
}
