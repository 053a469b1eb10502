namespace EmoteCare.Grains;

/// <summary>How the grains write their persistent state.</summary>
internal static class StateWrites
{
    /// <summary>
    /// Writes the state. When the write fails the state in memory is ahead of storage; deactivating makes the next call
    /// reload what was stored, so a retried call does the change again instead of finding it done and skipping the write.
    /// </summary>
    /// <param name="state">The grain's state.</param>
    /// <param name="deactivateOnIdle">The grain's <c>DeactivateOnIdle</c>.</param>
    public static async Task WriteOrDeactivateAsync<TState>(this IPersistentState<TState> state, Action deactivateOnIdle)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            deactivateOnIdle();
            throw;
        }
    }
}
