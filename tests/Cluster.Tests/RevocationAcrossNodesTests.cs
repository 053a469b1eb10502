using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Tests;

namespace EmoteCare.Cluster.Tests;

/// <summary>
/// Issue #14, item 2 across nodes: access taken away through one node (an unassignment, a password change, a sign-out,
/// a disabled account) ends the live feeds and connections that another node serves, through the cluster (the account's
/// grain and each node's relay), not a node-local event.
/// </summary>
public sealed partial class SeveralNodesTests
{
    [Fact]
    public async Task Access_taken_away_through_one_node_ends_the_feeds_and_connections_another_node_serves()
    {
        await using var database = await FreshDatabase.CreateAsync();
        await using var nodeA = new ClusterNode("node A", TestPorts.Free(), TestPorts.Free());
        await using var nodeB = new ClusterNode("node B", TestPorts.Free(), TestPorts.Free());
        var passwords = await SeedAndStartAsync(database, nodeA, nodeB);

        // A live session, run and administered through A; its therapist watches through B.
        using var admin = await SignInAsync(nodeA, passwords["admin"]);
        using var therapistHttp = await SignInAsync(nodeA, passwords["therapist"]);
        using var patientHttp = await SignInAsync(nodeA, passwords["patient"]);
        var patientId = (await patientHttp.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString()!;
        var sessionId = await ScheduleAsync(therapistHttp, patientId);
        (await therapistHttp.PostAsync(new Uri($"/api/sessions/{sessionId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var successorResponse = await admin.PostAsJsonAsync("/api/therapists", new { email = $"successor-{Guid.NewGuid():N}@example.org", displayName = "Successor Therapist" });
        successorResponse.EnsureSuccessStatusCode();
        var successor = await successorResponse.Content.ReadFromJsonAsync<JsonElement>();
        await using var watching = await HubTestClient.ConnectAsync(nodeB.BaseAddress!, Token(therapistHttp));
        await using var idle = await HubTestClient.ConnectAsync(nodeB.BaseAddress!, Token(therapistHttp));
        Assert.Equal("live", (await watching.InvokeAsync("Watch", sessionId)).GetProperty("status").GetString());

        // The admin reassigns the patient through A: B ends the former therapist's feed and says why.
        (await admin.PutAsJsonAsync($"/api/assignments/{patientId}", new { therapistId = successor.GetProperty("id").GetString() })).EnsureSuccessStatusCode();
        var revoked = await watching.NextAsync("accessRevoked", TimeSpan.FromSeconds(10));
        Assert.Equal((sessionId, "unassigned"), (revoked.GetProperty("sessionId").GetString(), revoked.GetProperty("reason").GetString()));
        Log("the former therapist's feed on B ended");
        using var successorHttp = await SignInAsync(nodeA, (successor.GetProperty("email").GetString()!, successor.GetProperty("initialPassword").GetString()!));
        await using var successorHub = await HubTestClient.ConnectAsync(nodeB.BaseAddress!, Token(successorHttp));
        Assert.Equal("live", (await successorHub.InvokeAsync("Watch", sessionId)).GetProperty("status").GetString());

        // The former therapist changes their password through A: both of their connections on B close.
        (await therapistHttp.PutAsJsonAsync("/api/me/password", new { currentPassword = passwords["therapist"].Password, newPassword = "another long passphrase 7" })).EnsureSuccessStatusCode();
        await watching.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await idle.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Log("the former therapist's connections on B closed");

        // The patient signs out one of two sign-ins through A: only the connection on B opened with it closes.
        using var patientElsewhere = await SignInAsync(nodeA, passwords["patient"]);
        await using var signedOut = await HubTestClient.ConnectAsync(nodeB.BaseAddress!, Token(patientHttp));
        await using var stillSignedIn = await HubTestClient.ConnectAsync(nodeB.BaseAddress!, Token(patientElsewhere));
        // Answered calls show both connections registered, so the notices below find them.
        await Assert.ThrowsAsync<HubError>(() => signedOut.InvokeAsync("Watch", Guid.NewGuid().ToString("N")));
        await Assert.ThrowsAsync<HubError>(() => stillSignedIn.InvokeAsync("Watch", Guid.NewGuid().ToString("N")));
        (await patientHttp.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null)).EnsureSuccessStatusCode();
        Assert.Equal("signInEnded", (await signedOut.NextAsync("accessRevoked", TimeSpan.FromSeconds(10))).GetProperty("reason").GetString());
        await signedOut.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<HubError>(() => stillSignedIn.InvokeAsync("Watch", Guid.NewGuid().ToString("N")));
        Assert.False(stillSignedIn.Closed.IsCompleted);
        Log("the signed-out connection on B closed, the other sign-in's stayed");

        // The admin disables the patient through A: the patient's remaining connection on B closes.
        (await admin.PostAsync(new Uri($"/api/accounts/{patientId}/disable", UriKind.Relative), null)).EnsureSuccessStatusCode();
        Assert.Equal("accountDisabled", (await stillSignedIn.NextAsync("accessRevoked", TimeSpan.FromSeconds(10))).GetProperty("reason").GetString());
        await stillSignedIn.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Log("the disabled patient's connection on B closed");
    }

    /// <summary>Seeds the demo accounts into <paramref name="database"/>, then starts the Api nodes (each with its silo) as one cluster on it.</summary>
    /// <returns>The demo accounts' emails and passwords by role.</returns>
    private async Task<Dictionary<string, (string Email, string Password)>> SeedAndStartAsync(FreshDatabase database, params ClusterNode[] nodes)
    {
        var common = ClusterSettings(database.ConnectionString, $"cluster-{Guid.NewGuid().ToString("N")[..10]}");
        var (seedExit, seedOutput) = await ApiProcess.RunCommandAsync(["seed-demo"], new Dictionary<string, string>(common)
        {
            ["Orleans__Clustering"] = "Localhost",
            ["Orleans__SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(seedExit == 0, seedOutput);
        await Task.WhenAll(nodes.Select(node => Task.Run(async () => node.Api = await ApiProcess.StartAsync(NodeSettings(common, node)))));
        Log($"Api nodes healthy: {string.Join(", ", nodes.Select(n => n.ToString()))}");
        return PasswordLine().Matches(seedOutput).ToDictionary(m => m.Groups["role"].Value, m => (m.Groups["email"].Value, m.Groups["password"].Value));
    }
}
