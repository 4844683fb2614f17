namespace Makoto.Web.Ui.Layout;

/// <summary>
/// Bumped when goals or custom dimensions change, so open pages rebuild their report menu (which lists
/// the site's goals and custom dimensions) on their next navigation.
/// </summary>
public static class MenuVersion
{
    private static int s_current;

    public static int Current => Volatile.Read(ref s_current);

    public static void Changed() => Interlocked.Increment(ref s_current);
}
