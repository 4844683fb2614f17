namespace Makoto.Plugins.Referrers;

/// <summary>Matomo's referrer types (<c>referer_type</c>).</summary>
public static class ReferrerType
{
    public const int Direct = 1;
    public const int SearchEngine = 2;
    public const int Website = 3;
    public const int Campaign = 6;
    public const int Social = 7;
}
