using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmoteCare.Api.Tests;

namespace EmoteCare.Cluster.Tests;

/// <summary>
/// Issue #13: a therapist's maximum caseload holds when admins on two Api nodes assign patients to them at the same
/// moment, because the count and the assignment share one database transaction under a lock of that therapist's.
/// </summary>
public sealed partial class SeveralNodesTests
{
    private const int FreePlaces = 5;
    private const int Contenders = 24;

    [Fact]
    public async Task Concurrent_assignments_through_two_nodes_never_take_a_therapist_past_their_caseload()
    {
        await using var database = await FreshDatabase.CreateAsync();
        await using var nodeA = new ClusterNode("node A", TestPorts.Free(), TestPorts.Free());
        await using var nodeB = new ClusterNode("node B", TestPorts.Free(), TestPorts.Free());
        var passwords = await SeedAndStartAsync(database, nodeA, nodeB);
        using var adminA = await SignInAsync(nodeA, passwords["admin"]);
        using var adminB = await SignInAsync(nodeB, passwords["admin"]);
        using var therapist = await SignInAsync(nodeA, passwords["therapist"]);
        var therapistId = (await therapist.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString()!;

        // The seeded therapist has the demo patient; their maximum leaves FreePlaces more.
        var profilePath = $"/api/therapists/{therapistId}/profile";
        var practice = JsonNode.Parse((await adminA.GetFromJsonAsync<JsonElement>(profilePath)).GetProperty("practice").GetRawText())!;
        practice["maxCaseload"] = 1 + FreePlaces;
        (await adminA.PutAsJsonAsync(profilePath, practice)).EnsureSuccessStatusCode();
        var patientIds = await Task.WhenAll(Enumerable.Range(0, Contenders).Select(async i =>
        {
            var created = await adminA.PostAsJsonAsync("/api/patients", new { email = $"contender-{i}-{Guid.NewGuid():N}@example.org", pseudonym = $"Contender {i}" });
            created.EnsureSuccessStatusCode();
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }));

        var answers = await Task.WhenAll(patientIds.Select((patientId, i) =>
            (i % 2 == 0 ? adminA : adminB).PutAsJsonAsync($"/api/assignments/{patientId}", new { therapistId })));

        Assert.Equal(FreePlaces, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var refusals = answers.Where(a => a.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(Contenders - FreePlaces, refusals.Count);
        foreach (var refusal in refusals)
        {
            var problem = await Problem.AssertAsync(refusal, HttpStatusCode.Conflict);
            Assert.Contains("caseload is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var caseload = await therapist.GetFromJsonAsync<JsonElement>("/api/patients?limit=200");
        Assert.Equal(1 + FreePlaces, caseload.GetProperty("items").GetArrayLength());
        Assert.Equal(1 + FreePlaces, (await adminB.GetFromJsonAsync<JsonElement>(profilePath)).GetProperty("caseload").GetInt32());
    }
}
