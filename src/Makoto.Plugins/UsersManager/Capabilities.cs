using Makoto.Reporting.Api;

namespace Makoto.Plugins.UsersManager;

/// <summary>
/// A capability: a right given on top of a role on a site (Matomo's <c>Piwik\Access\Capability</c>). A
/// role in <see cref="IncludedInRoles"/> has it already, so it is only stored for users with a lesser role.
/// </summary>
public sealed record Capability(string Id, string Name, string Description, string Category, IReadOnlyList<string> IncludedInRoles);

/// <summary>
/// The capabilities a Matomo 5 installation offers: those of its bundled Tag Manager. Makoto has no tag
/// manager, but stores and returns them, so that user administration tools that set them work unchanged.
/// </summary>
public static class Capabilities
{
    public static IReadOnlyList<Capability> All { get; } =
    [
        new("tagmanager_write", "Write", "Lets a user create and change the containers, tags, triggers and variables of the Tag Manager.", "Tag Manager", ["write", "admin"]),
        new("tagmanager_publish_live_container", "Publish Live Container", "Lets a user publish a container version to the live environment.", "Tag Manager", ["admin"]),
        new("tagmanager_use_custom_templates", "Use Custom Templates", "Lets a user use the templates that run custom HTML or JavaScript on a website.", "Tag Manager", ["admin"]),
    ];

    public static Capability? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    /// <summary>Matomo's error for a value that is no capability: it lists the ones there are.</summary>
    public static Capability Require(string id) =>
        Find(id) ?? throw new ApiException($"The parameter access must have one of the following values : [ {string.Join(", ", All.Select(c => c.Id))} ]");

    /// <summary>The answer of <c>UsersManager.getAvailableCapabilities</c>.</summary>
    public static List<object?> Describe() =>
    [
        .. All.Select(c => (object?)new PlainObject
        {
            ["id"] = c.Id,
            ["name"] = c.Name,
            ["description"] = c.Description,
            ["helpUrl"] = "",
            ["includedInRoles"] = c.IncludedInRoles.Select(r => (object?)r).ToList(),
            ["category"] = c.Category,
        }),
    ];
}
