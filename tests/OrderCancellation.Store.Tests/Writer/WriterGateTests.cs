using OrderCancellation.Store.Storage;

namespace OrderCancellation.Store.Tests.Writer;

/// <summary>The SQLite writer's lock: interactive writes first, background work never starved, cancelled waiters skipped.</summary>
public sealed class WriterGateTests
{
    [Fact]
    public async Task A_waiting_interactive_write_goes_before_background_work_that_waited_longer()
    {
        var gate = new WriterGate();
        await gate.WaitAsync(WritePriority.Background, default);
        var background = gate.WaitAsync(WritePriority.Background, default);
        var interactive = gate.WaitAsync(WritePriority.Interactive, default);

        gate.Release();

        Assert.True(interactive.IsCompletedSuccessfully);
        Assert.False(background.IsCompleted);
        gate.Release();
        Assert.True(background.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Background_work_gets_the_writer_after_a_run_of_interactive_hand_offs()
    {
        var gate = new WriterGate();
        await gate.WaitAsync(WritePriority.Interactive, default);
        var background = gate.WaitAsync(WritePriority.Background, default);
        var interactive = Enumerable.Range(0, WriterGate.InteractiveRun + 1).Select(_ => gate.WaitAsync(WritePriority.Interactive, default)).ToArray();

        for (var n = 0; n < WriterGate.InteractiveRun; n++)
        {
            gate.Release();
            Assert.True(interactive[n].IsCompletedSuccessfully);
            Assert.False(background.IsCompleted);
        }

        gate.Release();

        Assert.True(background.IsCompletedSuccessfully);
        Assert.False(interactive[^1].IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_waiter_is_skipped_and_the_writer_passes_to_the_next()
    {
        var gate = new WriterGate();
        await gate.WaitAsync(WritePriority.Background, default);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.WaitAsync(WritePriority.Interactive, cancel.Token);
        var next = gate.WaitAsync(WritePriority.Background, default);

        await cancel.CancelAsync();
        gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_writer_is_free_again_once_the_last_holder_releases_it()
    {
        var gate = new WriterGate();
        await gate.WaitAsync(WritePriority.Interactive, default);
        gate.Release();

        var again = gate.WaitAsync(WritePriority.Background, default);

        Assert.True(again.IsCompletedSuccessfully);
    }
}
