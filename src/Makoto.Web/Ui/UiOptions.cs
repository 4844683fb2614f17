namespace Makoto.Web.Ui;

/// <summary>Settings of the web UI (section <c>Makoto:Ui</c>).</summary>
public sealed class UiOptions
{
    /// <summary>
    /// The address people open Makoto at (<c>https://analytics.example.org</c>), used in the links of
    /// password reset emails. Links are never built from the request's Host header, which a caller chooses.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>How long "remember me" keeps a user logged in; other sessions end when the browser closes.</summary>
    public int RememberMeDays { get; set; } = 14;

    /// <summary>Seconds between refreshes of the real-time visitors widget (Matomo's <c>live_widget_refresh_after_seconds</c>).</summary>
    public int LiveRefreshSeconds { get; set; } = 10;
}

/// <summary>
/// The SMTP server that sends password reset emails (section <c>Makoto:Mail</c>); without a
/// <see cref="Host"/> no email is sent and the login page tells users to ask their administrator.
/// </summary>
public sealed class MailOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    /// <summary>STARTTLS (or TLS on port 465); on by default.</summary>
    public bool UseTls { get; set; } = true;

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The sender address, e.g. <c>analytics@example.org</c>.</summary>
    public string From { get; set; } = "";

    public bool IsConfigured => Host.Length > 0 && From.Length > 0;
}
