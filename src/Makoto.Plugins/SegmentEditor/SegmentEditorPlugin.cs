using Makoto.Core.Plugins;
using Makoto.Plugins.SegmentEditor.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.SegmentEditor;

/// <summary>
/// Stored segments (Matomo's SegmentEditor): named definitions shared with other users or kept private,
/// for one site or all; those marked auto-archived are kept archived by the background archiver.
/// </summary>
public sealed class SegmentEditorPlugin : IMakotoPlugin
{
    public string Name => "SegmentEditor";

    public void Register(IServiceCollection services) => services.AddSingleton<IApiModule, SegmentEditorApi>();
}
