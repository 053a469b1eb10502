using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Allocation;

/// <summary>What an <see cref="IntakeGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.IntakeState")]
public sealed class IntakeState
{
    /// <summary>The intake, normalised by <see cref="IntakeRules.Normalize"/>; null until sent.</summary>
    [Id(0)]
    public SubmittedIntake? Submitted { get; set; }
}

/// <summary>A patient's intake.</summary>
public sealed class IntakeGrain([PersistentState("intake")] IPersistentState<IntakeState> state, TimeProvider time) : Grain, IIntakeGrain
{
    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(this.GetPrimaryKeyString(), "intake");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<SubmittedIntake> Submit(Intake intake)
    {
        var submitted = new SubmittedIntake(IntakeRules.Normalize(intake), time.GetUtcNow());
        state.State.Submitted = submitted;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: the next call reloads what was stored.
            DeactivateOnIdle();
            throw;
        }

        return submitted;
    }

    /// <inheritdoc />
    public Task<SubmittedIntake?> Get() => Task.FromResult(state.State.Submitted);
}
