using System.Globalization;
using Makoto.Core.Security;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;

namespace Makoto.Plugins.SegmentEditor.Api;

/// <summary>
/// <c>SegmentEditor.add</c>, <c>update</c>, <c>delete</c>, <c>get</c> and <c>getAll</c>. A definition is
/// checked (parsed and resolved for its site) before it is stored; a segment can be changed by its author
/// or a super user. Segments are answered with the columns of Matomo's <c>segment</c> table, as text.
/// </summary>
internal sealed class SegmentEditorApi(StoredSegmentStore store) : IApiModule
{
    private const string Module = "SegmentEditor";

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "add", call =>
        {
            RequireUser(call);
            var segment = Read(call, new StoredSegment { Name = "", Definition = "", Login = call.Access.Login });
            return new ApiValue(store.Add(segment, call.Clock.GetUtcNow().UtcDateTime));
        })
        {
            ParameterNames = ["name", "definition", "idSite", "autoArchive", "enabledAllUsers"],
        };

        yield return new ApiMethod(Module, "update", call =>
        {
            var existing = Editable(call);
            store.Update(Read(call, existing), call.Clock.GetUtcNow().UtcDateTime);
            return ApiSuccess.Instance;
        })
        {
            ParameterNames = ["idSegment", "name", "definition", "idSite", "autoArchive", "enabledAllUsers"],
        };

        yield return new ApiMethod(Module, "delete", call =>
        {
            var existing = Editable(call);
            store.Delete(existing.IdSegment, call.Clock.GetUtcNow().UtcDateTime);
            return ApiSuccess.Instance;
        })
        {
            ParameterNames = ["idSegment"],
        };

        yield return new ApiMethod(Module, "get", call =>
        {
            RequireUser(call);
            var segment = Find(call);
            return segment is null || !Visible(call.Access, segment) ? new List<object?>() : ToPlain(segment);
        })
        {
            ParameterNames = ["idSegment"],
        };

        yield return new ApiMethod(Module, "getAll", call =>
        {
            RequireUser(call);
            var idSite = call.Parameters.GetInt("idSite");
            if (idSite is not null)
            {
                call.RequireSite();
            }

            var result = new List<object?>();
            foreach (var segment in store.GetAll())
            {
                if (Visible(call.Access, segment) && (idSite is null || segment.EnableOnlyIdSite == 0 || segment.EnableOnlyIdSite == idSite))
                {
                    result.Add(ToPlain(segment));
                }
            }

            return result;
        })
        {
            ParameterNames = ["idSite"],
        };
    }

    private static void RequireUser(ApiCall call)
    {
        if (call.Access.IsAnonymous)
        {
            throw new ApiException("You must be logged in to access this functionality.", 401);
        }
    }

    /// <summary>The author's own segments, the shared ones, and for a super user all of them.</summary>
    private static bool Visible(UserAccess access, StoredSegment segment) =>
        access.IsSuperUser || segment.EnableAllUsers || segment.Login == access.Login;

    private StoredSegment? Find(ApiCall call)
    {
        var id = call.Parameters.GetInt("idSegment") ?? throw new ApiException("Please specify a value for 'idSegment'.");
        var segment = store.Get(id);
        return segment is { Deleted: false } ? segment : null;
    }

    private StoredSegment Editable(ApiCall call)
    {
        RequireUser(call);
        var segment = Find(call) ?? throw new ApiException("Requested segment not found.");
        if (!call.Access.IsSuperUser && segment.Login != call.Access.Login)
        {
            throw new ApiException("You can only edit and delete the segments you have created.");
        }

        return segment;
    }

    /// <summary>The segment with the call's name, definition, site, sharing and archiving (checked).</summary>
    private static StoredSegment Read(ApiCall call, StoredSegment segment)
    {
        var name = call.Parameters.Get("name") ?? segment.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ApiException("Please specify a value for 'name'.");
        }

        var definition = call.Parameters.Get("definition") ?? segment.Definition;
        if (string.IsNullOrWhiteSpace(definition))
        {
            throw new ApiException("Please specify a value for 'definition'.");
        }

        var idSite = segment.EnableOnlyIdSite;
        if (call.Parameters.GetInt("idSite") is { } given)
        {
            idSite = given == 0 ? 0 : call.RequireSite().IdSite;
        }

        // The definition must be usable (for its site, or for the sites the user can see).
        var parsed = call.ParseSegment(definition);
        var autoArchive = call.Parameters.Get("autoArchive") is { } auto ? auto is "1" or "true" : segment.AutoArchive;
        var allUsers = call.Parameters.Get("enabledAllUsers") is { } all ? all is "1" or "true" : segment.EnableAllUsers;
        if (allUsers && !call.Access.IsSuperUser)
        {
            throw new ApiException("You can't access this resource as it requires a 'superuser' access.");
        }

        return segment with
        {
            Name = name,
            Definition = parsed.Definition,
            EnableOnlyIdSite = idSite,
            AutoArchive = autoArchive,
            EnableAllUsers = allUsers,
        };
    }

    private PlainObject ToPlain(StoredSegment segment) => new()
    {
        ["idsegment"] = segment.IdSegment.ToString(CultureInfo.InvariantCulture),
        ["name"] = segment.Name,
        ["definition"] = segment.Definition,
        ["hash"] = segment.Hash,
        ["login"] = segment.Login,
        ["enable_all_users"] = segment.EnableAllUsers ? "1" : "0",
        ["enable_only_idsite"] = segment.EnableOnlyIdSite.ToString(CultureInfo.InvariantCulture),
        ["auto_archive"] = segment.AutoArchive ? "1" : "0",
        ["ts_created"] = Time(segment.TsCreated),
        ["ts_last_edit"] = Time(segment.TsLastEdit),
        ["deleted"] = segment.Deleted ? "1" : "0",
    };

    private string? Time(DateTime? value) =>
        value is { } time ? time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : null;
}
