namespace EmoteCare.Silo.Tests.OrleansAdoNet;

[Collection(OrleansAdoNetCollection.Name)]
public sealed class ReminderTests(OrleansAdoNetCluster fixture)
{
    [Fact]
    public async Task A_reminder_is_stored_read_back_fires_and_is_deleted_by_unregistering()
    {
        var key = $"reminders-{Guid.NewGuid():N}";
        var grain = fixture.Cluster.Client.GetGrain<IReminderProbeGrain>(key);

        // One minute is Orleans' minimum period; a short due time makes the first tick come at once.
        await grain.Register("tick", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        await grain.Register("other", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));

        Assert.Equal("tick", await grain.Find("tick"));
        Assert.Equal(["other", "tick"], await grain.Names());
        Assert.Equal([("other", 600_000L), ("tick", 60_000L)], await StoredReminders(key));
        await Eventually.TrueAsync(() => ReminderProbeGrain.Ticks.GetValueOrDefault($"{key}/tick") >= 1, "the reminder fires");

        await grain.Unregister("tick");

        Assert.Null(await grain.Find("tick"));
        Assert.Equal(["other"], await grain.Names());
        Assert.Equal([("other", 600_000L)], await StoredReminders(key));
    }

    private async Task<List<(string Name, long PeriodMs)>> StoredReminders(string key)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT ReminderName, Period FROM OrleansRemindersTable WHERE ServiceId = @service AND GrainId LIKE '%/' || @key ORDER BY ReminderName");
        command.Parameters.AddWithValue("service", fixture.ServiceId);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }
}
