import type { EventRouter, RoutedEvent, Subscriber } from './event-router.ts';

/**
 * The events of a subscription that arrive while it is being admitted (its
 * guard query and cursor check run through the subgraphs first, which can
 * take a while on a busy gateway). They are held from the moment the
 * subscribe message arrives and handed to the stream when it starts, so a
 * client that publishes right after subscribing never races the check:
 * "subscribed" means from the subscribe message on, not from some later
 * moment the client cannot observe.
 */
export interface EarlyEvents {
  /** Stops holding and returns what was held, in order; `overflowed` when more arrived than it may hold. */
  take(): { events: RoutedEvent[]; overflowed: boolean };
  /** Stops holding and forgets (the subscription was refused). */
  stop(): void;
}

export function holdEarlyEvents(router: EventRouter, subscriber: Omit<Subscriber, 'deliver'>, max: number, expireMs = 30_000): EarlyEvents {
  const events: RoutedEvent[] = [];
  let overflowed = false;
  const remove = router.add({
    ...subscriber,
    deliver(routed) {
      if (events.length < max) events.push(routed);
      else overflowed = true;
    },
  });
  // a subscription abandoned while being admitted must not stay registered
  const timer = setTimeout(() => stop(), expireMs);
  timer.unref();
  let stopped = false;
  function stop() {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    remove();
  }
  return {
    take() {
      stop();
      return { events: events.splice(0), overflowed };
    },
    stop() {
      stop();
      events.length = 0;
    },
  };
}
