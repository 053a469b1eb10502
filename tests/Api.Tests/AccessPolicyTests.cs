using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using EmoteCare.Api.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Api.Tests;

/// <summary>The checks a hub makes through <see cref="AccessPolicy"/> when a caller joins a live session.</summary>
public sealed class AccessPolicyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Only_the_sessions_patient_streams_frames_and_only_the_patient_and_their_therapist_watch()
    {
        var world = await World.CreateAsync(fixture.Api);
        var policy = fixture.Api.Services.GetRequiredService<AccessPolicy>();
        var users = new Dictionary<Who, AppUser>
        {
            [Who.Admin] = new(world.Admin.Id, world.Admin.Account.Role),
            [Who.Therapist] = new(world.Therapist.Id, world.Therapist.Account.Role),
            [Who.OtherTherapist] = new(world.OtherTherapist.Id, world.OtherTherapist.Account.Role),
            [Who.Patient] = new(world.Patient.Id, world.Patient.Account.Role),
            [Who.OtherPatient] = new(world.OtherPatient.Id, world.OtherPatient.Account.Role),
        };

        var streams = new List<Who>();
        var watches = new List<Who>();
        var calls = new List<Who>();
        foreach (var (who, user) in users)
        {
            if (await policy.CanStreamFramesAsync(user, world.SessionId, CancellationToken.None))
            {
                streams.Add(who);
            }

            if (await policy.CanReadSessionAsync(user, world.SessionId, CancellationToken.None))
            {
                watches.Add(who);
            }

            if ((await policy.ForSessionAsync(user, world.SessionId, CancellationToken.None)).CanCall)
            {
                calls.Add(who);
            }
        }

        Assert.Equal([Who.Patient], streams);
        Assert.Equal([Who.Therapist, Who.Patient], watches);
        Assert.Equal([Who.Therapist, Who.Patient], calls);
        Assert.False(await policy.CanReadSessionAsync(users[Who.Patient], "not-an-id", CancellationToken.None));
    }

    [Fact]
    public void The_call_is_for_the_patient_and_the_therapist_who_runs_the_session_while_still_assigned()
    {
        var session = new SessionRecord("s1", "p1", "t1", DateTimeOffset.UnixEpoch);
        var patient = new AppUser("p1", Role.Patient);
        var booker = new AppUser("t1", Role.Therapist);
        var newTherapist = new AppUser("t2", Role.Therapist);

        Assert.True(AccessPolicy.Decide(patient, new SessionOwnership(session, "t1")).CanCall);
        Assert.True(AccessPolicy.Decide(booker, new SessionOwnership(session, "t1")).CanCall);
        // After a reassignment the new therapist reads the session but is no participant of its call, nor is the old one.
        var taken = AccessPolicy.Decide(newTherapist, new SessionOwnership(session, "t2"));
        Assert.Equal((true, false), (taken.CanRead, taken.CanCall));
        Assert.False(AccessPolicy.Decide(booker, new SessionOwnership(session, "t2")).CanCall);
        Assert.False(AccessPolicy.Decide(new AppUser("a1", Role.Admin), new SessionOwnership(session, "t1")).CanCall);
        Assert.False(AccessPolicy.Decide(patient, null).CanCall);
    }
}
