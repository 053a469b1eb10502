using EmoteCare.Runtime.Storage;

namespace EmoteCare.Runtime.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task State_is_written_and_read_back_by_the_next_activation()
    {
        var storage = new MemoryGrainStorage();
        var key = Guid.NewGuid();
        await using (var cluster = await Cluster.StartAsync(storage: storage))
        {
            await cluster.GrainFactory.GetGrain<IProfileGrain>(key).Visit("Robin");
            await cluster.GrainFactory.GetGrain<IProfileGrain>(key).Visit("Robin");
        }

        await using var restarted = await Cluster.StartAsync(storage: storage);
        var state = await restarted.GrainFactory.GetGrain<IProfileGrain>(key).Get();

        Assert.Equal(("Robin", 2), (state.Name, state.Visits));
        Assert.Equal("2", await restarted.GrainFactory.GetGrain<IProfileGrain>(key).Etag());
    }

    [Fact]
    public async Task Clear_resets_the_state_and_the_record()
    {
        var storage = new MemoryGrainStorage();
        var key = Guid.NewGuid();
        await using var cluster = await Cluster.StartAsync(storage: storage);
        var grain = cluster.GrainFactory.GetGrain<IProfileGrain>(key);
        await grain.Visit("Sam");

        await grain.Clear();

        Assert.Equal(0, (await grain.Get()).Visits);
        var record = await storage.ReadAsync(grain.GetGrainId(), "profile", CancellationToken.None);
        Assert.Null(record!.Json);
        Assert.Equal(1, (await grain.Visit("Sam")).Visits);
    }

    [Fact]
    public async Task Stale_write_throws_and_the_grain_reloads_the_winners_state()
    {
        var storage = new MemoryGrainStorage();
        var key = Guid.NewGuid();
        await using var cluster = await Cluster.StartAsync(storage: storage);
        var grain = cluster.GrainFactory.GetGrain<IProfileGrain>(key);
        await grain.Visit("Ada");
        await storage.WriteAsync(grain.GetGrainId(), "profile", """{"name":"Winner","visits":10}""", expectedVersion: 1, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Visit("Loser"));

        var state = await grain.Get();
        Assert.Equal(("Winner", 10), (state.Name, state.Visits));
        Assert.Equal(11, (await grain.Visit("Ada")).Visits);
    }

    [Fact]
    public async Task Storage_failure_at_activation_fails_the_call_and_a_later_call_retries()
    {
        var storage = new FlakyStorage();
        var key = Guid.NewGuid();
        await using var cluster = await Cluster.StartAsync(storage: storage);
        var grain = cluster.GrainFactory.GetGrain<IProfileGrain>(key);
        storage.Down = true;

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Get());
        Assert.Contains("storage 'Default'", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);

        storage.Down = false;
        Assert.Equal(1, (await grain.Visit("Retry")).Visits);
    }

    [Fact]
    public async Task Graceful_shutdown_persists_state_written_in_OnDeactivateAsync()
    {
        var storage = new MemoryGrainStorage();
        await using (var cluster = await Cluster.StartAsync(storage: storage))
        {
            for (var i = 0; i < 10; i++)
            {
                await cluster.GrainFactory.GetGrain<IShutdownGrain>($"s{i % 5}").Visit();
            }
        }

        for (var i = 0; i < 5; i++)
        {
            var record = await storage.ReadAsync(new GrainId("shutdown", $"s{i}"), "visits", CancellationToken.None);
            Assert.Contains("\"visits\":2", record!.Json, StringComparison.Ordinal);
        }
    }

    private sealed class FlakyStorage : IGrainStorage
    {
        private readonly MemoryGrainStorage _inner = new();

        public volatile bool Down;

        public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken) =>
            Down ? throw new IOException("connection refused") : _inner.ReadAsync(grainId, stateName, cancellationToken);

        public Task<long> WriteAsync(GrainId grainId, string stateName, string json, long? expectedVersion, CancellationToken cancellationToken) =>
            Down ? throw new IOException("connection refused") : _inner.WriteAsync(grainId, stateName, json, expectedVersion, cancellationToken);

        public Task<long> ClearAsync(GrainId grainId, string stateName, long? expectedVersion, CancellationToken cancellationToken) =>
            Down ? throw new IOException("connection refused") : _inner.ClearAsync(grainId, stateName, expectedVersion, cancellationToken);
    }
}
