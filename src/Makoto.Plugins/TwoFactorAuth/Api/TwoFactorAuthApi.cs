using Makoto.Plugins.UsersManager;
using Makoto.Reporting.Api;
using Makoto.Storage.Users;

namespace Makoto.Plugins.TwoFactorAuth.Api;

/// <summary><c>TwoFactorAuth.resetTwoFactorAuth</c>: a super user switches off another user's two-factor authentication (lost phone and codes).</summary>
internal sealed class TwoFactorAuthApi(TwoFactorAuthentication twoFactor, UserAdministration administration, UserStore users) : IApiModule
{
    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("TwoFactorAuth", "resetTwoFactorAuth", call =>
        {
            call.RequireSuperUser();
            var login = call.Parameters.Require("userLogin");
            if (administration.CheckPassword(call.Access.Login, call.Parameters.Require("passwordConfirmation")) is null)
            {
                throw new ApiException("The current password you entered is not correct.");
            }

            _ = users.GetUser(login) ?? throw new ApiException($"The user '{login}' doesn't exist.");
            twoFactor.Disable(login);
            return ApiSuccess.Instance;
        })
        {
            ParameterNames = ["userLogin", "passwordConfirmation"],
        };
    }
}
