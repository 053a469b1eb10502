using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using Microsoft.AspNetCore.SignalR;

namespace EmoteCare.Api.Hubs;

/// <summary>How every hub admits a connection, so that revocations reach all of them the same way.</summary>
internal static class HubAdmission
{
    /// <summary>
    /// Records the connection and follows its account across the cluster; closes it at once when its credentials ended
    /// between authentication and now, since the revocation that said so came before there was anything to end.
    /// </summary>
    /// <param name="letGo">The hub's <c>OnDisconnectedAsync</c>: SignalR does not call it for a connection whose
    /// <c>OnConnectedAsync</c> failed, so a failure here lets go through it.</param>
    public static async Task AdmitAsync(
        HubCallerContext context, AppUser user, LiveConnections connections, InsightRelay relay, AccountService accounts, Func<Task> letGo)
    {
        var grantId = AppUser.GrantOf(context.User)?.Id;
        connections.Add(context, user.Id, grantId);
        try
        {
            await relay.FollowAccountAsync(user.Id);
            if (!await accounts.AreCredentialsCurrentAsync(user.Id, AppUser.CredentialsStampOf(context.User), grantId, context.ConnectionAborted))
            {
                context.Abort();
            }
        }
        catch
        {
            await letGo();
            throw;
        }
    }
}
