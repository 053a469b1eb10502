using System.Diagnostics;

namespace EmoteCare.Runtime.Tests;

public sealed class ActivationTests
{
    [Fact]
    public async Task Reference_is_usable_before_activation_and_first_call_activates()
    {
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal);

        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("a");
        Assert.Equal(0, journal.Activations);

        Assert.Equal(1, await counter.Increment());
        Assert.Equal(1, journal.Activations);
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_activation()
    {
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => cluster.GrainFactory.GetGrain<ICounterGrain>("one").Increment())));

        Assert.Equal(1, journal.Activations);
        Assert.Equal(Enumerable.Range(1, 200), results.Order());
    }

    [Fact]
    public async Task Grains_with_different_keys_are_different_activations()
    {
        await using var cluster = await Cluster.StartAsync();

        Assert.Equal("x:hi", await cluster.GrainFactory.GetGrain<ICounterGrain>("x").Echo("hi"));
        Assert.Equal("y:hi", await cluster.GrainFactory.GetGrain<ICounterGrain>("y").Echo("hi"));
        await cluster.GrainFactory.GetGrain<ICounterGrain>("x").Increment();
        Assert.Equal(0, await cluster.GrainFactory.GetGrain<ICounterGrain>("y").Get());
    }

    [Fact]
    public async Task Guid_keyed_grains_expose_their_key()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Guid.NewGuid();

        var reference = cluster.GrainFactory.GetGrain<IProfileGrain>(key);

        Assert.Equal(new GrainId("profile", key.ToString("N")), reference.GetGrainId());
        Assert.Equal(cluster.GrainFactory.GetGrain<IProfileGrain>(key), reference);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nkey")]
    public async Task Malformed_key_is_rejected_with_the_reason(string key)
    {
        await using var cluster = await Cluster.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => cluster.GrainFactory.GetGrain<ICounterGrain>(key));
        Assert.Contains("counter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlong_key_is_rejected_with_the_limit()
    {
        await using var cluster = await Cluster.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => cluster.GrainFactory.GetGrain<ICounterGrain>(new string('k', GrainId.MaxKeyLength + 1)));
        Assert.Contains(GrainId.MaxKeyLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interface_without_implementation_names_the_interface()
    {
        await using var cluster = await Cluster.StartAsync();

        var error = Assert.Throws<InvalidOperationException>(() => cluster.GrainFactory.GetGrain<IOrphanGrain>("a"));
        Assert.Contains(nameof(IOrphanGrain), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grain_exception_reaches_caller_with_type_and_message()
    {
        await using var cluster = await Cluster.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cluster.GrainFactory.GetGrain<ICounterGrain>("a").Fail("boom"));
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await cluster.GrainFactory.GetGrain<ICounterGrain>("a").Get());
    }

    [Fact]
    public void Constructing_a_grain_directly_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CounterGrain(new Journal()));
        Assert.Contains("GetGrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_activation_is_collected_and_the_next_call_reactivates()
    {
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal, options: o => o.CollectionAge = TimeSpan.FromMilliseconds(200));
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("idle");
        await counter.Increment();

        await Eventually.TrueAsync(() => journal.Deactivations == 1, "the idle grain is deactivated");
        Assert.Contains("deactivated idle IdleCollection", journal.Entries);

        Assert.Equal(1, await counter.Increment());
        Assert.Equal(2, journal.Activations);
    }

    [Fact]
    public async Task Busy_activation_is_not_collected()
    {
        // The calls span longer than the collection age, with gaps far below it, so a machine stalled for a second
        // (a loaded CI runner) cannot make a gap look like idleness.
        var collectionAge = TimeSpan.FromSeconds(3);
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal, options: o => o.CollectionAge = collectionAge);
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("busy");

        var calls = 0;
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < collectionAge + TimeSpan.FromSeconds(1))
        {
            await counter.Increment();
            calls++;
            await Task.Delay(50);
        }

        Assert.Equal(0, journal.Deactivations);
        Assert.Equal(calls, await counter.Get());
    }

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_after_the_request()
    {
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal);
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("d");
        await counter.Increment();

        await counter.Deactivate();

        await Eventually.TrueAsync(() => journal.Deactivations == 1, "the grain is deactivated");
        Assert.Equal(0, await counter.Get());
        Assert.Equal(2, journal.Activations);
    }

    [Fact]
    public async Task Calls_queued_during_deactivation_go_to_the_next_activation()
    {
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal);
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("q");

        var calls = new List<Task<int>>();
        await counter.Deactivate();
        for (var i = 0; i < 50; i++)
        {
            calls.Add(counter.Increment());
        }

        var results = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(1, 50), results.Order());
    }

    [Fact]
    public async Task Stopping_the_silo_deactivates_every_grain()
    {
        var journal = new Journal();
        var cluster = await Cluster.StartAsync(journal);
        for (var i = 0; i < 25; i++)
        {
            await cluster.GrainFactory.GetGrain<ICounterGrain>($"g{i}").Increment();
        }

        await cluster.DisposeAsync();

        Assert.Equal(25, journal.Deactivations);
        Assert.All(journal.Entries, e => Assert.EndsWith("ShuttingDown", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_waiting_on_a_grain_when_the_silo_stops_fail_instead_of_hanging()
    {
        var gates = new Gates();
        var journal = new Journal();
        var cluster = await Cluster.StartAsync(journal, gates, options: o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var grain = cluster.GrainFactory.GetGrain<IGateGrain>("stopping");
        var running = grain.Wait("held");
        await Eventually.TrueAsync(() => journal.Entries.Contains("start held"), "the first call runs");
        var queued = grain.Wait("queued");

        var stopping = cluster.DisposeAsync().AsTask();
        await Task.Delay(100);
        gates.Open("held");
        gates.Open("queued");
        await stopping;

        await running;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => queued);
        Assert.Contains("stopping", error.Message, StringComparison.Ordinal);
    }
}
