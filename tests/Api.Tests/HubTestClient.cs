using EmoteCare.Api.Tests;
using Microsoft.AspNetCore.TestHost;

namespace EmoteCare.Testing;

/// <summary>Connecting <see cref="HubTestClient"/> (tests/Shared) through the in-process test server.</summary>
internal sealed partial class HubTestClient
{
    public static Task<HubTestClient> ConnectAsync(TestApi api, string? accessToken) => ConnectAsync(api, accessToken, HubPath);

    /// <summary>Connects to the hub at <paramref name="hubPath"/> (the chat hub, say).</summary>
    public static async Task<HubTestClient> ConnectAsync(TestApi api, string? accessToken, string hubPath)
    {
        var query = accessToken is null ? "" : $"?access_token={Uri.EscapeDataString(accessToken)}";
        var socket = await api.App.GetTestServer().CreateWebSocketClient().ConnectAsync(new Uri($"ws://localhost{hubPath}{query}"), CancellationToken.None);
        return await HandshakeAsync(socket);
    }

    public static string TokenOf(Actor actor) => actor.Client.DefaultRequestHeaders.Authorization!.Parameter!;
}
