using EmoteCare.Runtime.Storage;
using EmoteCare.Runtime.Storage.Postgres;
using Npgsql;

namespace EmoteCare.Runtime.Tests;

/// <summary>The version rules every storage provider keeps, run against each provider.</summary>
public abstract class StorageContractTests
{
    protected abstract Task<IGrainStorage> CreateStorageAsync();

    private static GrainId NewId() => new("contract", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Missing_record_reads_as_null()
    {
        var storage = await CreateStorageAsync();

        Assert.Null(await storage.ReadAsync(NewId(), "s", CancellationToken.None));
    }

    [Fact]
    public async Task Write_then_read_round_trips_json_and_bumps_the_version()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();

        var first = await storage.WriteAsync(id, "s", """{"a":1}""", null, CancellationToken.None);
        var second = await storage.WriteAsync(id, "s", """{"a":2}""", first, CancellationToken.None);
        var record = await storage.ReadAsync(id, "s", CancellationToken.None);

        Assert.Equal((1L, 2L), (first, second));
        Assert.Equal(2, record!.Version);
        Assert.Equal("""{"a": 2}""".Replace(" ", "", StringComparison.Ordinal), record.Json!.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stale_version_is_rejected_and_changes_nothing()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var version = await storage.WriteAsync(id, "s", """{"a":1}""", null, CancellationToken.None);
        await storage.WriteAsync(id, "s", """{"a":2}""", version, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, "s", """{"a":3}""", version, CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, "s", """{"a":3}""", null, CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(id, "s", version, CancellationToken.None));

        Assert.Contains("2", (await storage.ReadAsync(id, "s", CancellationToken.None))!.Json!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_writers_at_one_version_exactly_one_wins()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var version = await storage.WriteAsync(id, "s", """{"writer":-1}""", null, CancellationToken.None);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(async writer =>
        {
            try
            {
                await storage.WriteAsync(id, "s", $$"""{"writer":{{writer}}}""", version, CancellationToken.None);
                return writer;
            }
            catch (InconsistentStateException)
            {
                return -1;
            }
        }));

        var winner = Assert.Single(attempts, a => a >= 0);
        var record = await storage.ReadAsync(id, "s", CancellationToken.None);
        Assert.Equal(version + 1, record!.Version);
        Assert.Contains($"{winner}", record.Json!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleared_record_keeps_its_version_so_stale_writers_still_lose()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var version = await storage.WriteAsync(id, "s", """{"a":1}""", null, CancellationToken.None);

        var cleared = await storage.ClearAsync(id, "s", version, CancellationToken.None);

        Assert.Equal(new GrainStateRecord(null, cleared), await storage.ReadAsync(id, "s", CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, "s", """{"a":9}""", version, CancellationToken.None));
        Assert.Equal(cleared + 1, await storage.WriteAsync(id, "s", """{"a":2}""", cleared, CancellationToken.None));
    }
}

public sealed class MemoryStorageContractTests : StorageContractTests
{
    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new MemoryGrainStorage());
}

public sealed class PostgresStorageContractTests : StorageContractTests
{
    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        var storage = new PostgresGrainStorage(TestDatabase.DataSource);
        await storage.InitializeAsync(CancellationToken.None);
        return storage;
    }

    [Fact]
    public async Task Schema_applies_repeatedly_and_concurrently()
    {
        var storage = new PostgresGrainStorage(TestDatabase.DataSource);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => storage.InitializeAsync(CancellationToken.None)));
        await storage.InitializeAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Unreachable_database_fails_activation_clearly()
    {
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=2");
        // The database went away after start-up: the schema step is behind us, reads fail.
        await using var cluster = await Cluster.StartAsync(storage: new StartedEarlier(new PostgresGrainStorage(unreachable)));

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => cluster.GrainFactory.GetGrain<IProfileGrain>(Guid.NewGuid()).Get());

        Assert.Contains("Reading state 'profile'", error.Message, StringComparison.Ordinal);
    }

    private sealed class StartedEarlier(IGrainStorage inner) : IGrainStorage
    {
        public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken) => inner.ReadAsync(grainId, stateName, cancellationToken);

        public Task<long> WriteAsync(GrainId grainId, string stateName, string json, long? expectedVersion, CancellationToken cancellationToken) => inner.WriteAsync(grainId, stateName, json, expectedVersion, cancellationToken);

        public Task<long> ClearAsync(GrainId grainId, string stateName, long? expectedVersion, CancellationToken cancellationToken) => inner.ClearAsync(grainId, stateName, expectedVersion, cancellationToken);
    }
}
