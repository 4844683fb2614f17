using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Makoto.Plugins.UsersManager;

/// <summary>
/// The server's clean-up of expired invitations (Matomo's daily <c>cleanUpExpiredInvites</c> task): every hour the
/// pending users whose invitation expired more than <see cref="UserInvitations.RemovedAfterExpiry"/> ago are deleted.
/// </summary>
public sealed partial class InvitationCleanupTask(UserInvitations invitations, TimeProvider clock, ILogger<InvitationCleanupTask> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(s_interval, clock);
        do
        {
            try
            {
                invitations.RemoveExpired();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogFailed(error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Removing expired invitations failed; it is tried again within the hour")]
    private partial void LogFailed(Exception error);
}
