using System.Collections.Concurrent;

namespace EmoteCare.Runtime.Tests;

public sealed class ObserverTests
{
    [Fact]
    public async Task Subscribed_observer_receives_notifications_until_it_unsubscribes()
    {
        await using var cluster = await Cluster.StartAsync();
        var publisher = cluster.GrainFactory.GetGrain<IPublisherGrain>("p");
        var receiver = new Receiver();
        var reference = cluster.GrainFactory.CreateObjectReference<INotification>(receiver);

        await publisher.Subscribe(reference);
        await publisher.Publish("one");
        await Eventually.TrueAsync(() => receiver.Messages.Contains("one"), "the observer receives 'one'");

        await publisher.Unsubscribe(reference);
        await publisher.Publish("two");
        await Task.Delay(100);

        Assert.Equal(["one"], receiver.Messages);
        GC.KeepAlive(receiver);
    }

    [Fact]
    public async Task Subscription_expires_unless_renewed()
    {
        await using var cluster = await Cluster.StartAsync();
        var publisher = cluster.GrainFactory.GetGrain<IPublisherGrain>("expiry");
        var receiver = new Receiver();
        var reference = cluster.GrainFactory.CreateObjectReference<INotification>(receiver);

        await publisher.Subscribe(reference);
        Assert.Equal(1, await publisher.Subscribers());
        await Eventually.TrueAsync(() => publisher.Subscribers().Result == 0, "the subscription expires");

        await publisher.Subscribe(reference);
        Assert.Equal(1, await publisher.Subscribers());
        GC.KeepAlive(receiver);
    }

    [Fact]
    public async Task Deleted_observer_is_dropped_on_the_next_notification()
    {
        await using var cluster = await Cluster.StartAsync();
        var publisher = cluster.GrainFactory.GetGrain<IPublisherGrain>("deleted");
        var receiver = new Receiver();
        var reference = cluster.GrainFactory.CreateObjectReference<INotification>(receiver);
        await publisher.Subscribe(reference);

        cluster.GrainFactory.DeleteObjectReference(reference);
        await publisher.Publish("lost");

        Assert.Empty(receiver.Messages);
        GC.KeepAlive(receiver);
    }

    [Fact]
    public async Task A_slow_observer_does_not_hold_the_grain()
    {
        await using var cluster = await Cluster.StartAsync();
        var publisher = cluster.GrainFactory.GetGrain<IPublisherGrain>("slow");
        var slow = new Receiver { Delay = TimeSpan.FromSeconds(2) };
        await publisher.Subscribe(cluster.GrainFactory.CreateObjectReference<INotification>(slow));

        var started = DateTime.UtcNow;
        await publisher.Publish("a");
        await publisher.Publish("b");

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1));
        GC.KeepAlive(slow);
    }

    private sealed class Receiver : INotification
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public TimeSpan Delay { get; init; }

        public IReadOnlyList<string> Messages => [.. _messages];

        public void Notify(string message)
        {
            Thread.Sleep(Delay);
            _messages.Enqueue(message);
        }
    }
}
