using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Grains.Interfaces;
using Npgsql;

namespace EmoteCare.Api.Tests;

public sealed class ConsentAndAuditTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Granting_and_withdrawing_consent_reach_the_session_grain_and_are_audited()
    {
        var world = await World.CreateAsync(Api);

        var granted = await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{world.SessionId}/consent", new { facialAnalysis = true });
        var afterGrant = await world.Grains.GetGrain<ITherapySessionGrain>(world.SessionId).GetSnapshot();
        var withdrawn = await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{world.SessionId}/consent", new { facialAnalysis = false });
        var afterWithdrawal = await world.Grains.GetGrain<ITherapySessionGrain>(world.SessionId).GetSnapshot();

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.True(afterGrant.Consent!.FacialAnalysisGranted);
        Assert.False(afterWithdrawal.Consent!.FacialAnalysisGranted);
        var body = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("facialAnalysis").GetBoolean());
        Assert.Contains("never saved", body.GetProperty("whatIsStored").GetString(), StringComparison.Ordinal);
        Assert.Contains("not a feeling", body.GetProperty("whatIsAnalysed").GetString(), StringComparison.Ordinal);
        var entries = await AuditAsync(world, $"actorId={world.Patient.Id}");
        Assert.Equal(
            [("session.consent.change", "withdrawn"), ("session.consent.change", "granted")],
            entries.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("detail").GetString())));
        Assert.All(entries, e => Assert.Equal(world.SessionId, e.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task The_therapists_reads_of_insights_are_audited_and_the_patients_own_reads_are_not()
    {
        var world = await World.CreateAsync(Api);
        string[] reads =
        [
            $"/api/sessions/{world.SessionId}/snapshot",
            $"/api/sessions/{world.EndedSessionId}/summary",
            $"/api/patients/{world.Patient.Id}/history",
            $"/api/patients/{world.Patient.Id}/trends?period=day",
        ];

        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.OK, (await world.Therapist.Client.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await world.Patient.Client.GetAsync(path)).StatusCode);
        }

        var byTherapist = await AuditAsync(world, $"actorId={world.Therapist.Id}");
        Assert.Equal(
            ["patient.trends.read", "patient.history.read", "session.summary.read", "session.snapshot.read"],
            byTherapist.Select(e => e.GetProperty("action").GetString()));
        Assert.All(byTherapist, e => Assert.Equal(world.Patient.Id, e.GetProperty("patientId").GetString()));
        Assert.All(byTherapist, e => Assert.Equal("therapist", e.GetProperty("actorRole").GetString()));
        Assert.Empty(await AuditAsync(world, $"actorId={world.Patient.Id}"));
    }

    [Fact]
    public async Task The_audit_log_refuses_update_delete_and_truncate_in_the_database()
    {
        var world = await World.CreateAsync(Api);
        await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{world.SessionId}/consent", new { facialAnalysis = true });
        await using var connection = new NpgsqlConnection(Api.ConnectionString);
        await connection.OpenAsync();

        foreach (var sql in new[] { "UPDATE audit_log SET detail = 'changed'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM audit_log WHERE detail = 'granted'", connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task The_audit_query_filters_by_patient_actor_and_time_and_pages_newest_first()
    {
        var world = await World.CreateAsync(Api);
        var before = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            await world.Therapist.Client.GetAsync($"/api/sessions/{world.SessionId}/snapshot");
        }

        await world.OtherTherapist.Client.GetAsync($"/api/patients/{world.OtherPatient.Id}/history");

        var firstPage = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={world.Patient.Id}&actorId={world.Therapist.Id}&limit=2");
        var next = firstPage.GetProperty("next").GetString();
        var secondPage = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={world.Patient.Id}&actorId={world.Therapist.Id}&limit=2&before={next}");
        var ids = firstPage.GetProperty("items").EnumerateArray().Concat(secondPage.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Count(id => id > 0));
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Null(secondPage.GetProperty("next").GetString());

        var otherPatient = await AuditAsync(world, $"patientId={world.OtherPatient.Id}");
        Assert.Equal(["patient.history.read", "assignment.set"], otherPatient.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal([world.OtherTherapist.Id, world.Admin.Id], otherPatient.Select(e => e.GetProperty("actorId").GetString()));
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture));
        Assert.Empty(await AuditAsync(world, $"patientId={world.Patient.Id}&from={future}"));
        var since = Uri.EscapeDataString(before.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(3, (await AuditAsync(world, $"actorId={world.Therapist.Id}&from={since}")).Count);
    }

    [Fact]
    public async Task The_audit_query_caps_its_page_size()
    {
        var world = await World.CreateAsync(Api);

        await Problem.AssertValidationAsync(await world.Admin.Client.GetAsync("/api/audit?limit=501"), "limit");
        await Problem.AssertValidationAsync(await world.Admin.Client.GetAsync("/api/audit?limit=0"), "limit");
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_the_insight_is_not_disclosed()
    {
        var world = await World.CreateAsync(Api);
        await ExecuteAsync(
            """
            CREATE FUNCTION audit_log_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$;
            CREATE TRIGGER audit_log_refuse_insert BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_insert();
            """);
        HttpResponseMessage response;
        try
        {
            response = await world.Therapist.Client.GetAsync($"/api/sessions/{world.SessionId}/snapshot");
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER audit_log_refuse_insert ON audit_log; DROP FUNCTION audit_log_refuse_insert();");
        }

        var problem = await Problem.AssertAsync(response, HttpStatusCode.InternalServerError);
        Assert.False(problem.TryGetProperty("aggregate", out _));
        Assert.DoesNotContain("audit unavailable", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<JsonElement>> AuditAsync(World world, string query)
    {
        var page = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?{query}");
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
