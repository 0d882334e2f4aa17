import { nextTick, onBeforeUnmount, watch, type Ref, type WatchSource } from 'vue'

/**
 * A sheet that opens over a list (the tag sheet, the review's marker editor): reached with a keyboard
 * (the control that opened it shows its focus ring) it takes the focus each time `opened` changes,
 * and gives it back to that control when it closes; a finger's tap leaves the focus alone.
 */
export function useFocusHandoff(root: Readonly<Ref<HTMLElement | null>>, opened: WatchSource<unknown>): void {
  let returnTo: HTMLElement | null = null

  function takeFocus(): void {
    const active = document.activeElement
    if (!(active instanceof HTMLElement) || !active.matches(':focus-visible') || root.value?.contains(active)) return
    returnTo = active
    void nextTick(() => root.value?.focus())
  }

  watch(opened, takeFocus, { immediate: true })
  onBeforeUnmount(() => {
    if (returnTo?.isConnected && root.value?.contains(document.activeElement)) returnTo.focus()
  })
}
