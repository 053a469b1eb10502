using EmoteCare.Grains.Interfaces;
using static EmoteCare.Grains.Tests.Frames;

namespace EmoteCare.Grains.Tests.Resources;

/// <summary>A patient's assigned resources and which they used.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PatientResourcesGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Assigned_resources_are_listed_newest_first_and_marking_one_used_keeps_the_first_time()
    {
        var (cluster, time) = await fixture.ClockedAsync(T0);
        var resources = cluster.GrainFactory.GetGrain<IPatientResourcesGrain>(Keys.Unique("patient"));
        await resources.Assign("box-breathing", "therapist-1");
        time.Set(T0.AddMinutes(1));
        await resources.Assign("sleep", "therapist-1");

        time.Set(T0.AddMinutes(2));
        var used = await resources.MarkUsed("box-breathing");
        time.Set(T0.AddMinutes(3));
        var usedAgain = await resources.MarkUsed("box-breathing");
        var notAssigned = await resources.MarkUsed("grief");

        Assert.Equal(T0.AddMinutes(2), used!.UsedAt);
        Assert.Equal(used, usedAgain);
        Assert.Null(notAssigned);
        Assert.Equal(
            [new ResourceAssignment("sleep", "therapist-1", T0.AddMinutes(1), null), new ResourceAssignment("box-breathing", "therapist-1", T0, T0.AddMinutes(2))],
            await resources.GetAssigned());
    }

    [Fact]
    public async Task Assigning_again_refreshes_the_assignment_and_keeps_its_use()
    {
        var (cluster, time) = await fixture.ClockedAsync(T0);
        var resources = cluster.GrainFactory.GetGrain<IPatientResourcesGrain>(Keys.Unique("patient"));
        await resources.Assign("panic", "therapist-1");
        await resources.Assign("grief", "therapist-1");
        await resources.MarkUsed("panic");

        time.Set(T0.AddHours(1));
        var again = await resources.Assign("panic", "therapist-2");

        Assert.Equal(new ResourceAssignment("panic", "therapist-2", T0.AddHours(1), T0), again);
        Assert.Equal(["panic", "grief"], (await resources.GetAssigned()).Select(a => a.ResourceId));
    }

    [Fact]
    public async Task Unassigning_takes_the_resource_off_the_list()
    {
        var resources = fixture.GrainFactory.GetGrain<IPatientResourcesGrain>(Keys.Unique("patient"));
        await resources.Assign("panic", "therapist-1");

        var removed = await resources.Unassign("panic");
        var again = await resources.Unassign("panic");

        Assert.Equal((true, false), (removed, again));
        Assert.Empty(await resources.GetAssigned());
    }

    [Fact]
    public async Task A_malformed_resource_id_is_refused_and_the_list_is_bounded()
    {
        var resources = fixture.GrainFactory.GetGrain<IPatientResourcesGrain>(Keys.Unique("patient"));
        var malformed = await Assert.ThrowsAsync<ArgumentException>(() => resources.Assign("../Etc", "therapist-1"));
        for (var i = 0; i < ResourceLimits.MaxAssignedPerPatient; i++)
        {
            await resources.Assign($"r{i}", "therapist-1");
        }

        var full = await Assert.ThrowsAsync<InvalidOperationException>(() => resources.Assign("one-more", "therapist-1"));
        await resources.Assign("r0", "therapist-1");

        Assert.Contains("'../Etc' is not a resource id", malformed.Message, StringComparison.Ordinal);
        Assert.Contains($"{ResourceLimits.MaxAssignedPerPatient} resources assigned", full.Message, StringComparison.Ordinal);
    }
}
