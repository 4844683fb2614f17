using Makoto.Reporting.Api;

namespace Makoto.Plugins.Dashboard.Api;

/// <summary>
/// Matomo's Dashboard API: <c>getDashboards</c> (the caller's, or another user's for a super user),
/// <c>createNewDashboardForUser</c>, <c>removeDashboard</c> and <c>resetDashboardLayout</c>.
/// </summary>
internal sealed class DashboardApi(DashboardLayouts layouts) : IApiModule
{
    private const string Module = "Dashboard";

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "getDashboards", call =>
        {
            var login = Login(call);
            var result = new List<object?>();
            foreach (var dashboard in layouts.GetAll(login))
            {
                var widgets = new List<object?>();
                foreach (var widget in (DashboardLayout.Parse(dashboard.Layout) ?? DashboardLayouts.DefaultLayout()).Widgets)
                {
                    if (!widget.IsHidden)
                    {
                        widgets.Add(new PlainObject { ["module"] = widget.Module, ["action"] = widget.Action });
                    }
                }

                result.Add(new PlainObject { ["id"] = dashboard.Id, ["name"] = dashboard.Name, ["widgets"] = widgets });
            }

            return result;
        })
        {
            ParameterNames = ["login"],
        };
        yield return new ApiMethod(Module, "createNewDashboardForUser", call =>
        {
            var login = Login(call);
            var type = call["dashboardType"] ?? "default";
            if (type is not ("default" or "empty"))
            {
                throw new ApiException($"The dashboard type must be 'default' or 'empty', but '{type}' was given.");
            }

            layouts.GetAll(login);
            return new ApiValue(layouts.Create(login, call["dashboardName"] ?? "", withDefaultWidgets: type == "default"));
        })
        {
            ParameterNames = ["login", "dashboardName", "dashboardType"],
        };
        yield return new ApiMethod(Module, "removeDashboard", call =>
        {
            var login = Login(call);
            var id = call.Parameters.GetInt("idDashboard") ?? throw new ApiException("Please specify a value for 'idDashboard'.");
            if (!layouts.Remove(login, id))
            {
                throw new ApiException(id == 1 ? "The first dashboard can't be removed." : $"The user '{login}' has no dashboard with id {id}.");
            }

            return ApiSuccess.Instance;
        })
        {
            ParameterNames = ["idDashboard", "login"],
        };
        yield return new ApiMethod(Module, "resetDashboardLayout", call =>
        {
            var login = Login(call);
            var id = call.Parameters.GetInt("idDashboard") ?? throw new ApiException("Please specify a value for 'idDashboard'.");
            layouts.GetAll(login);
            if (!layouts.ResetLayout(login, id))
            {
                throw new ApiException($"The user '{login}' has no dashboard with id {id}.");
            }

            return ApiSuccess.Instance;
        })
        {
            ParameterNames = ["idDashboard", "login"],
        };
    }

    /// <summary>The caller, or the <c>login</c> parameter when a super user names another user.</summary>
    private static string Login(ApiCall call)
    {
        if (call.Access.IsAnonymous)
        {
            throw new ApiException("You must be logged in to use the dashboards.", 401);
        }

        var login = call["login"];
        if (string.IsNullOrEmpty(login) || login == call.Access.Login)
        {
            return call.Access.Login;
        }

        call.RequireSuperUser();
        return login;
    }
}
