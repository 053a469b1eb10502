using EmoteCare.Api.Security;
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
        }

        Assert.Equal([Who.Patient], streams);
        Assert.Equal([Who.Therapist, Who.Patient], watches);
        Assert.False(await policy.CanReadSessionAsync(users[Who.Patient], "not-an-id", CancellationToken.None));
    }
}
