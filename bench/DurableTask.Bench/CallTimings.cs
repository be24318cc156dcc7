using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace DurableTask.Bench;

/// <summary>
/// <c>--profile</c>: the wall time of every call the worker and the client make into the provider, per method
/// (a proxy in front of each provider interface; an async call is timed until its task completes). A call that
/// waits for work (LockNext…) counts its idle wait too.
/// </summary>
internal sealed class CallTimings
{
    private readonly ConcurrentDictionary<string, (long Count, long Ticks)> _calls = new();

    public T Wrap<T>(object target) where T : class
    {
        var proxy = DispatchProxy.Create<T, TimingProxy>();
        var timing = (TimingProxy)(object)proxy;
        timing.Target = target;
        timing.Timings = this;
        return proxy;
    }

    public object Summary() => _calls.OrderByDescending(c => c.Value.Ticks).ToDictionary(
        c => c.Key,
        c => new { calls = c.Value.Count, meanUs = Math.Round(TimeSpan.FromTicks(c.Value.Ticks / Math.Max(c.Value.Count, 1)).TotalMicroseconds), totalMs = Math.Round(TimeSpan.FromTicks(c.Value.Ticks).TotalMilliseconds) });

    private void Add(string method, TimeSpan elapsed) =>
        _calls.AddOrUpdate(method, (1, elapsed.Ticks), (_, c) => (c.Count + 1, c.Ticks + elapsed.Ticks));

    // Public with a parameterless constructor: DispatchProxy's requirement.
    public class TimingProxy : DispatchProxy
    {
        internal object Target { get; set; } = null!;

        internal CallTimings Timings { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var method = targetMethod!;
            var start = Stopwatch.GetTimestamp();
            object? result;
            try
            {
                result = method.Invoke(Target, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }

            if (result is Task task)
            {
                task.ContinueWith(_ => Timings.Add(method.Name, Stopwatch.GetElapsedTime(start)), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            else
            {
                Timings.Add(method.Name, Stopwatch.GetElapsedTime(start));
            }

            return result;
        }
    }
}
