using System.Data;
using Npgsql;
using Orleans.Storage;

namespace EmoteCare.Silo.Tests.OrleansAdoNet;

[Collection(OrleansAdoNetCollection.Name)]
public sealed class GrainStorageTests(OrleansAdoNetCluster fixture)
{
    /// <summary>The state name of the probe grains' [PersistentState("x", "Default")]: the provider stores it as GrainTypeString.</summary>
    private const string StateName = "x";

    [Fact]
    public async Task String_keyed_state_is_written_read_after_deactivation_and_cleared()
    {
        // Not only hex digits: the provider would take such a string key for an integer one (dotnet/orleans#9706).
        var key = $"patient-{Guid.NewGuid():N}";
        await RoundTrip(fixture.Cluster.Client.GetGrain<IStringKeyStateGrain>(key),
            "GrainIdN0 = 0 AND GrainIdN1 = 0 AND GrainIdExtensionString = @key", command => command.Parameters.AddWithValue("key", key));
    }

    [Fact]
    public async Task Guid_keyed_state_is_written_read_after_deactivation_and_cleared()
    {
        var key = Guid.NewGuid();
        var bytes = key.ToByteArray();
        await RoundTrip(fixture.Cluster.Client.GetGrain<IGuidKeyStateGrain>(key),
            "GrainIdN0 = @n0 AND GrainIdN1 = @n1 AND GrainIdExtensionString IS NULL",
            command =>
            {
                command.Parameters.AddWithValue("n0", BitConverter.ToInt64(bytes, 0));
                command.Parameters.AddWithValue("n1", BitConverter.ToInt64(bytes, 8));
            });
    }

    [Fact]
    public async Task Integer_keyed_state_is_written_read_after_deactivation_and_cleared()
    {
        var key = Random.Shared.NextInt64(1, long.MaxValue);
        await RoundTrip(fixture.Cluster.Client.GetGrain<IIntegerKeyStateGrain>(key),
            "GrainIdN0 = 0 AND GrainIdN1 = @key AND GrainIdExtensionString IS NULL", command => command.Parameters.AddWithValue("key", key));
    }

    [Fact]
    public async Task With_DeleteStateOnClear_a_clear_deletes_the_row_and_the_next_write_starts_over()
    {
        var key = $"deleting-{Guid.NewGuid():N}";
        var grain = fixture.Cluster.Client.GetGrain<IDeleteOnClearStateGrain>(key);
        await grain.Set("v1");
        await grain.Set("v2");
        Assert.Equal((2, true), await ReadRow(key));

        await grain.Clear();

        Assert.Equal((null, false), await grain.StorageView());
        Assert.Null(await TryReadRow(key));
        await grain.Set("v3");
        Assert.Equal((1, true), await ReadRow(key));
    }

    [Fact]
    public async Task A_stale_write_throws_InconsistentStateException_and_the_next_activation_reads_the_newer_state()
    {
        var key = $"stale-{Guid.NewGuid():N}";
        var grain = fixture.Cluster.Client.GetGrain<IStringKeyStateGrain>(key);
        await grain.Set("mine");
        var newer = fixture.Cluster.Client.GetGrain<IStringKeyStateGrain>($"newer-{Guid.NewGuid():N}");
        await newer.Set("theirs");
        var staleActivation = await grain.Activation();

        // Another writer, behind this activation's back: the row now holds "theirs" at version 2.
        await using (var command = fixture.DataSource.CreateCommand(
            """
            UPDATE OrleansStorage AS mine
            SET PayloadBinary = theirs.PayloadBinary, Version = mine.Version + 1
            FROM OrleansStorage AS theirs
            WHERE mine.ServiceId = @service AND mine.GrainTypeString = @state AND mine.GrainIdExtensionString = @mine
              AND theirs.ServiceId = @service AND theirs.GrainTypeString = @state AND theirs.GrainIdExtensionString = @theirs
            """))
        {
            command.Parameters.AddWithValue("service", fixture.ServiceId);
            command.Parameters.AddWithValue("state", StateName);
            command.Parameters.AddWithValue("mine", key);
            command.Parameters.AddWithValue("theirs", newer.GetPrimaryKeyString());
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Set("stale"));

        Assert.Equal((2, true), await ReadRow(key));
        await Eventually.TrueAsync(async () => await grain.Activation() != staleActivation, "the stale activation is replaced");
        Assert.Equal("theirs", await grain.Get());
        Assert.Equal(("2", true), await grain.StorageView());
        await grain.Set("after");
        Assert.Equal((3, true), await ReadRow(key));
    }

    [Fact]
    public async Task Of_two_first_writes_racing_for_one_grain_only_one_inserts()
    {
        // The provider's own query, with its parameters, from two connections: the second insert waits on the first
        // one's uncommitted row and then reports a conflict (NULL) instead of adding a duplicate.
        var serviceId = $"race-{Guid.NewGuid():N}";
        var writeQuery = await QueryText("WriteToStorageKey");
        await using var first = await fixture.DataSource.OpenConnectionAsync();
        await using var second = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await first.BeginTransactionAsync();

        Assert.Equal(1, await Write(first, transaction, writeQuery, serviceId, version: null));
        var racing = Write(second, null, writeQuery, serviceId, version: null);
        await Task.Delay(300);
        Assert.False(racing.IsCompleted, "the second insert should wait for the first");
        await transaction.CommitAsync();

        Assert.Null(await racing);
        Assert.Equal(5, await Write(second, null, writeQuery, serviceId, version: 5));
        Assert.Equal(2, await Write(second, null, writeQuery, serviceId, version: 1));
    }

    private async Task RoundTrip(IStateProbeGrain grain, string keyFilter, Action<NpgsqlCommand> keyParameters)
    {
        async Task<(int Version, bool HasPayload)?> Row()
        {
            await using var command = fixture.DataSource.CreateCommand(
                $"SELECT Version, PayloadBinary IS NOT NULL FROM OrleansStorage WHERE ServiceId = @service AND GrainTypeString = @state AND {keyFilter}");
            command.Parameters.AddWithValue("service", fixture.ServiceId);
            command.Parameters.AddWithValue("state", StateName);
            keyParameters(command);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            var row = (reader.GetInt32(0), reader.GetBoolean(1));
            Assert.False(await reader.ReadAsync(), "one row per grain state");
            return row;
        }

        Assert.Null(await grain.Get());
        Assert.Equal((null, false), await grain.StorageView());
        Assert.Null(await Row());

        await grain.Set("v1");
        Assert.Equal(("1", true), await grain.StorageView());
        Assert.Equal((1, true), await Row());

        var first = await grain.Activation();
        await grain.Deactivate();
        await Eventually.TrueAsync(async () => await grain.Activation() != first, "the grain is reactivated");
        Assert.Equal("v1", await grain.Get());
        Assert.Equal(("1", true), await grain.StorageView());

        await grain.Set("v2");
        await grain.Clear();
        Assert.Null(await grain.Get());
        Assert.Equal((3, false), await Row());

        var second = await grain.Activation();
        await grain.Deactivate();
        await Eventually.TrueAsync(async () => await grain.Activation() != second, "the grain is reactivated");
        Assert.Null(await grain.Get());
        Assert.Equal(("3", false), await grain.StorageView());

        await grain.Set("v3");
        Assert.Equal((4, true), await Row());
    }

    private async Task<(int Version, bool HasPayload)> ReadRow(string stringKey) =>
        await TryReadRow(stringKey) ?? throw new InvalidOperationException($"No row for {stringKey}.");

    private async Task<(int Version, bool HasPayload)?> TryReadRow(string stringKey)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT Version, PayloadBinary IS NOT NULL FROM OrleansStorage WHERE ServiceId = @service AND GrainTypeString = @state AND GrainIdExtensionString = @key");
        command.Parameters.AddWithValue("service", fixture.ServiceId);
        command.Parameters.AddWithValue("state", StateName);
        command.Parameters.AddWithValue("key", stringKey);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt32(0), reader.GetBoolean(1)) : null;
    }

    private async Task<string> QueryText(string key)
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key");
        command.Parameters.AddWithValue("key", key);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs WriteToStorageKey binding parameters as the provider does (names and DbTypes).</summary>
    private static async Task<int?> Write(NpgsqlConnection connection, NpgsqlTransaction? transaction, string query, string serviceId, int? version)
    {
        await using var command = new NpgsqlCommand(query, connection, transaction);
        void Add(string name, object? value, DbType type) =>
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value) { DbType = type });
        Add("GrainIdHash", 12345, DbType.Int32);
        Add("GrainIdN0", 0L, DbType.Int64);
        Add("GrainIdN1", 0L, DbType.Int64);
        Add("GrainTypeHash", 678, DbType.Int32);
        Add("GrainTypeString", StateName, DbType.String);
        Add("GrainIdExtensionString", "race", DbType.String);
        Add("ServiceId", serviceId, DbType.String);
        Add("GrainStateVersion", version, DbType.Int32);
        Add("PayloadBinary", new byte[] { 1, 2, 3 }, DbType.Binary);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull or null ? null : Convert.ToInt32(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
