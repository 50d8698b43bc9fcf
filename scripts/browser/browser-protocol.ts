/**
 * Names shared by the browser host (Node) and the bridge (page): the one binding that carries
 * invokes to the handler table and the dispatcher the host calls to push core events.
 */
export const INVOKE_BINDING = '__tokenDeskInvoke';
export const EVENT_DISPATCHER = '__tokenDeskDispatch';
