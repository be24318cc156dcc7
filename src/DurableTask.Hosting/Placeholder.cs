namespace DurableTask.Hosting; internal static class Placeholder {}
